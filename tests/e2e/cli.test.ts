import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseMessages, runTap, tempDir, writeJson, ROOT } from './run-tap.js';
import { STREAM_NAMES } from '../../src/streams/table.js';

describe('CLI contract (built binary)', () => {
  test('the exit waits until stdout and stderr have handed every byte to a reader that lags', async () => {
    // A child queues 1 MiB on stderr (more than a pipe holds, so most of it waits in the process) and a line on
    // stdout, then exits the way the CLI does. This side reads stderr only after that line: an exit that did not
    // wait for stderr would end the child with most of the MiB unwritten.
    const bundle = pathToFileURL(join(ROOT, 'dist', 'bundle', 'tap-tiktok-shop.mjs')).href;
    const script = `
      const { exitWhenFlushed } = await import(${JSON.stringify(bundle)});
      const line = 'x'.repeat(1023) + '\\n';
      for (let i = 0; i < 1024; i++) process.stderr.write(line);
      process.stdout.write('queued\\n');
      await exitWhenFlushed(3);`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderrBytes = 0;
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (!stdout) child.stderr.on('data', (data: Buffer) => (stderrBytes += data.length));
      stdout += chunk;
    });
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect({ code, stdout, stderrBytes }).toEqual({ code: 3, stdout: 'queued\n', stderrBytes: 1024 * 1024 });
  });

  test('--version prints the version and exits 0', async () => {
    const { code, stdout } = await runTap(['--version']);
    const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    expect(code).toBe(0);
    expect(stdout).toContain(`tap-tiktok-shop v${version}`);
  });

  test('--about --format json works without a config and marks secrets', async () => {
    const { code, stdout } = await runTap(['--about', '--format', 'json']);
    expect(code).toBe(0);
    const about = JSON.parse(stdout) as { name: string; capabilities: string[]; settings: { properties: Record<string, { secret?: boolean; writeOnly?: boolean }> } };
    expect(about.name).toBe('tap-tiktok-shop');
    expect(about.capabilities).toEqual(expect.arrayContaining(['catalog', 'discover', 'state', 'about']));
    for (const secret of ['app_secret', 'access_token', 'refresh_token']) {
      expect(about.settings.properties[secret]).toMatchObject({ secret: true, writeOnly: true });
    }
  });

  test('--discover needs no credentials and prints catalog.json', async () => {
    const dir = tempDir();
    const config = writeJson(dir, 'config.json', { start_date: '2024-01-01' });
    const { code, stdout } = await runTap(['--config', config, '--discover']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(JSON.parse(readFileSync(join(ROOT, 'catalog.json'), 'utf8')));
  });

  test('an invalid config lists every problem on stderr, exits 1 and prints nothing on stdout', async () => {
    const dir = tempDir();
    const config = writeJson(dir, 'config.json', { app_key: 'k', app_secret: 'shhh-secret-1', page_size: 0, lookback_window: 'x' });
    const { code, stdout, stderr } = await runTap(['--config', config]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('"page_size" must be >= 1');
    expect(stderr).toContain('"lookback_window" must be integer');
    expect(stderr).toContain('missing "refresh_token"');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).not.toContain('shhh-secret-1');
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  test('an unknown option is a usage error with exit 1', async () => {
    const { code, stderr } = await runTap(['--confg', 'x.json']);
    expect(code).toBe(1);
    expect(stderr).toContain("unknown option '--confg'");
  });

  test('a catalog that selects nothing warns and exits 0 with no messages', async () => {
    const dir = tempDir();
    const catalog = JSON.parse(readFileSync(join(ROOT, 'catalog.json'), 'utf8')) as { streams: Array<{ metadata: Array<{ breadcrumb: string[]; metadata: Record<string, unknown> }> }> };
    for (const stream of catalog.streams) stream.metadata.find((m) => m.breadcrumb.length === 0)!.metadata.selected = false;
    const config = writeJson(dir, 'config.json', { app_key: 'k', app_secret: 'secret-1', refresh_token: 'refresh-1', api_base_url: 'http://127.0.0.1:9', auth_base_url: 'http://127.0.0.1:9' });
    const { code, stdout, stderr } = await runTap(['--config', config, '--catalog', writeJson(dir, 'catalog.json', catalog)]);
    expect(code).toBe(0);
    expect(parseMessages(stdout)).toEqual([]);
    expect(stderr).toContain('selects no stream');
  });

  test('--test=schema prints one SCHEMA per stream and nothing else', async () => {
    const dir = tempDir();
    const config = writeJson(dir, 'config.json', { app_key: 'k', app_secret: 'secret-1', refresh_token: 'refresh-1' });
    const { code, stdout } = await runTap(['--config', config, '--test=schema']);
    expect(code).toBe(0);
    const messages = parseMessages(stdout);
    expect(messages.map((m) => m.type)).toEqual(Array(STREAM_NAMES.length).fill('SCHEMA'));
  });
});
