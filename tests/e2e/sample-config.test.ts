import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSandbox } from '../../src/sandbox/index.js';
import { ROOT } from './run-tap.js';

describe('sample-config.json', () => {
  test('holds the credentials of `tiktok-shop-sandbox --port 18787 --seed 1`, so it works against it as README says', async () => {
    const sample = JSON.parse(readFileSync(join(ROOT, 'sample-config.json'), 'utf8')) as Record<string, string>;
    const sandbox = await startSandbox({ seed: 1, orders: 1, shops: 1 });
    try {
      const info = sandbox.info;
      expect({ app_key: sample.app_key, app_secret: sample.app_secret, access_token: sample.access_token, refresh_token: sample.refresh_token }).toEqual({
        app_key: info.app_key,
        app_secret: info.app_secret,
        access_token: info.access_token,
        refresh_token: info.refresh_token,
      });
      expect(sample.api_base_url).toBe('http://127.0.0.1:18787');
    } finally {
      await sandbox.close();
    }
  });
});
