import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { collect, parseMessages, tempDir, writeJson, ROOT } from './run-tap.js';

const run = promisify(execFile);

/** Issue 7: what `npm pack` ships, and that a global install of it works on its own. */
describe('the npm package', () => {
  let tarball: string;
  let files: string[];

  beforeAll(async () => {
    const out = tempDir('tap-pack-');
    const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', out], { cwd: ROOT });
    const [pack] = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    tarball = join(out, pack!.filename);
    files = pack!.files.map((f) => f.path);
  }, 120_000);

  test('holds the built code, schemas, catalog, sample config and bins, and nothing else', () => {
    expect(files).toEqual(expect.arrayContaining(['bin/tap-tiktok-shop', 'bin/tiktok-shop-sandbox', 'catalog.json', 'sample-config.json', 'package.json', 'README.md', 'dist/src/cli.js', 'schemas/orders.json']));
    for (const file of files) {
      expect([file, /^(bin\/|dist\/src\/.*\.js$|schemas\/[a-z_]+\.json$|catalog\.json$|sample-config\.json$|package\.json$|README\.md$|LICENSE$)/.test(file)]).toEqual([file, true]);
    }
  });

  test('installed into a temporary prefix, both binaries work: --about, and a sync against the installed sandbox', async () => {
    const prefix = tempDir('tap-prefix-');
    await run('npm', ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', tarball], { cwd: prefix, timeout: 300_000 });
    const bin = (name: string) => join(prefix, 'bin', name);
    const about = await run(bin('tap-tiktok-shop'), ['--about', '--format', 'json']);
    expect((JSON.parse(about.stdout) as { name: string }).name).toBe('tap-tiktok-shop');

    const sandbox = spawn(bin('tiktok-shop-sandbox'), ['--port', '0', '--orders', '30', '--shops', '1'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const info = JSON.parse(await new Promise<string>((resolve) => createInterface({ input: sandbox.stdout }).once('line', resolve))) as Record<string, string>;
      const config = writeJson(prefix, 'config.json', {
        app_key: info.app_key,
        app_secret: info.app_secret,
        refresh_token: info.refresh_token,
        api_base_url: info.base_url,
        auth_base_url: info.auth_base_url,
        start_date: '2024-01-01',
      });
      const tap = spawn(bin('tap-tiktok-shop'), ['--config', config], { stdio: ['ignore', 'pipe', 'pipe'] });
      const result = await collect(tap, 120_000);
      expect({ code: result.code, stderr: result.code === 0 ? '' : result.stderr }).toEqual({ code: 0, stderr: '' });
      const orders = parseMessages(result.stdout).filter((m) => m.type === 'RECORD' && m.stream === 'orders');
      expect(orders).toHaveLength(30);
    } finally {
      sandbox.kill('SIGTERM');
    }
  }, 300_000);
});
