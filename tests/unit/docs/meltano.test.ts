import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { CAPABILITIES } from '../../../src/about.js';
import { meltanoSettings } from '../../../src/meltano.js';

interface Extractor {
  name: string;
  namespace: string;
  executable: string;
  pip_url?: string;
  capabilities: string[];
  settings: Array<Record<string, unknown>>;
  select: string[];
}

const project = parse(readFileSync(new URL('../../../meltano.yml', import.meta.url), 'utf8')) as { plugins: { extractors: Extractor[] } };
const extractor = project.plugins.extractors.find((e) => e.name === 'tap-tiktok-shop')!;

describe('meltano.yml', () => {
  test('runs the executable directly: no pip_url', () => {
    expect(extractor.pip_url).toBeUndefined();
    expect(extractor.executable).toBe('tap-tiktok-shop');
    expect(extractor.namespace).toBe('tap_tiktok_shop');
  });

  test('declares exactly the capabilities the tap has', () => {
    expect(extractor.capabilities).toEqual([...CAPABILITIES]);
  });

  test('settings equal the settings schema: secrets are password + sensitive, dates date_iso8601', () => {
    expect(extractor.settings).toEqual(meltanoSettings());
    const byName = new Map(extractor.settings.map((s) => [s.name, s]));
    for (const secret of ['app_secret', 'access_token', 'refresh_token']) expect(byName.get(secret)).toMatchObject({ kind: 'password', sensitive: true });
    for (const date of ['start_date', 'end_date']) expect(byName.get(date)!.kind).toBe('date_iso8601');
    expect(byName.get('invalid_record_action')!.kind).toBe('options');
  });

  test('has a select example', () => {
    expect(extractor.select.length).toBeGreaterThan(0);
  });
});
