import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { collect, parseMessages, tempDir, writeJson, ROOT } from './run-tap.js';
import { E2E_ANALYTICS_HISTORY_DAYS } from './sandbox-config.js';

const run = promisify(execFile);

/** Issues 7 and 12.6: what `npm pack` ships, and that a global install of it works on its own, and npx runs it. */
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

  test('holds the built code, schemas, catalog, sample config, Meltano plugin definition, license and bins, and nothing else', () => {
    expect(files).toEqual(expect.arrayContaining(['bin/tap-tiktok-shop', 'bin/tiktok-shop-sandbox', 'bin/package.json', 'catalog.json', 'sample-config.json', 'meltano-plugin.yml', 'LICENSE', 'package.json', 'README.md', 'dist/src/cli.js', 'dist/bundle/tap-tiktok-shop.mjs', 'dist/bundle/tap-tiktok-shop.mjs.map', 'schemas/orders.json']));
    for (const file of files) {
      expect([file, /^(bin\/|dist\/src\/.*\.js$|dist\/bundle\/tap-tiktok-shop\.mjs(\.map)?$|schemas\/[a-z_]+\.json$|catalog\.json$|sample-config\.json$|meltano-plugin\.yml$|package\.json$|README\.md$|LICENSE$)/.test(file)]).toEqual([file, true]);
    }
  });

  test('carries what a registry page needs: Apache-2.0, public, description, keywords, engines', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg.license).toBe('Apache-2.0');
    expect(pkg.private).toBeUndefined();
    expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toContain('Apache License\n                           Version 2.0, January 2004');
    expect(typeof pkg.description).toBe('string');
    expect(pkg.keywords).toEqual(expect.arrayContaining(['singer', 'meltano', 'tiktok-shop']));
    expect(pkg.engines).toEqual({ node: '>=20' });
  });

  test('installed into a temporary prefix, both binaries work: --about, and a sync against the installed sandbox', async () => {
    const prefix = tempDir('tap-prefix-');
    await run('npm', ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', tarball], { cwd: prefix, timeout: 300_000 });
    const bin = (name: string) => join(prefix, 'bin', name);
    const about = await run(bin('tap-tiktok-shop'), ['--about', '--format', 'json']);
    expect((JSON.parse(about.stdout) as { name: string }).name).toBe('tap-tiktok-shop');
    // README's `meltano add ... --from-ref "$(npm root -g)/tap-tiktok-shop/meltano-plugin.yml"`
    const { stdout: globalRoot } = await run('npm', ['root', '--global', '--prefix', prefix]);
    expect(readFileSync(join(globalRoot.trim(), 'tap-tiktok-shop', 'meltano-plugin.yml'), 'utf8')).toContain('name: tap-tiktok-shop');

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
        // This sync is about the installed binaries working, not analytics days (see sandbox-config.ts).
        analytics_history_days: E2E_ANALYTICS_HISTORY_DAYS,
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

  test('npx runs the packed tarball without a global install', async () => {
    const dir = tempDir('tap-npx-');
    const about = await run('npx', ['--yes', '--package', tarball, '--', 'tap-tiktok-shop', '--about', '--format', 'json'], { cwd: dir, timeout: 300_000 });
    expect((JSON.parse(about.stdout) as { name: string; capabilities: string[] }).capabilities).toContain('structured-logging');
  }, 300_000);
});
