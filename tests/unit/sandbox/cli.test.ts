/** The built binary: one JSON line on stdout, serves, exits 0 on SIGTERM/SIGINT; bad flags exit 1. */
import { beforeAll, describe, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { signRequest } from '../../../src/tiktok/signing.js';

const ROOT = resolve(process.cwd());
const BIN = resolve(ROOT, 'bin/tiktok-shop-sandbox');
const KEYS = ['base_url', 'auth_base_url', 'app_key', 'app_secret', 'access_token', 'refresh_token'];

beforeAll(() => {
  // npm test builds before jest runs; rebuilding here would rewrite dist/ under tests running in parallel.
  if (!existsSync(resolve(ROOT, 'dist/src/sandbox/cli.js'))) throw new Error('build first: npm run build');
});

interface Run {
  firstLine: Promise<string>;
  exit: Promise<{ code: number | null; stdout: string; stderr: string }>;
  kill: (signal: NodeJS.Signals) => void;
}

function run(args: string[]): Run {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let gotLine: (line: string) => void = () => {};
  const firstLine = new Promise<string>((r) => (gotLine = r));
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    const nl = stdout.indexOf('\n');
    if (nl >= 0) gotLine(stdout.slice(0, nl));
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((r) => {
    child.on('close', (code) => {
      gotLine('');
      r({ code, stdout, stderr });
    });
  });
  return { firstLine, exit, kill: (signal) => child.kill(signal) };
}

describe('tiktok-shop-sandbox binary', () => {
  test('prints exactly one JSON line with the six keys in order, serves, exits 0 on SIGTERM', async () => {
    const proc = run(['--port', '0', '--seed', '3', '--orders', '50', '--shops', '2']);
    const line = await proc.firstLine;
    const info = JSON.parse(line) as Record<string, string>;
    expect(Object.keys(info)).toEqual(KEYS);
    expect(info['base_url']).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(info['auth_base_url']).toBe(info['base_url']);
    for (const key of KEYS) expect(typeof info[key]).toBe('string');

    // The printed credentials work against the printed URL.
    const path = '/authorization/202309/shops';
    const query: Record<string, string> = { app_key: info['app_key']!, timestamp: String(Math.floor(Date.now() / 1000)) };
    query['sign'] = signRequest(info['app_secret']!, path, query, '');
    const res = await fetch(`${info['base_url']}${path}?${new URLSearchParams(query)}`, {
      headers: { 'content-type': 'application/json', 'x-tts-access-token': info['access_token']! },
    });
    const body = (await res.json()) as { code: number; data: { shops: unknown[] } };
    expect(body.code).toBe(0);
    expect(body.data.shops).toHaveLength(2);

    proc.kill('SIGTERM');
    const { code, stdout } = await proc.exit;
    expect(code).toBe(0);
    expect(stdout).toBe(line + '\n');
  });

  test('exits 0 on SIGINT', async () => {
    const proc = run(['--port', '0', '--orders', '10']);
    expect(JSON.parse(await proc.firstLine)).toHaveProperty('base_url');
    proc.kill('SIGINT');
    expect((await proc.exit).code).toBe(0);
  });

  test.each([
    [['--bogus']],
    [['--orders', 'many']],
    [['--fault-kinds', '5xx,fire']],
    [['--fault-rate', '2']],
    [['--port']],
    [['--no-finance-scope', 'first']],
    [['--shops', '2', '--no-finance-scope', '3']],
    [['--shops', '2', '--no-finance-scope', '7495399000000000000']],
  ])('bad flags %j → one-line error on stderr, exit 1, nothing on stdout', async (args) => {
    const { code, stdout, stderr } = await run(args).exit;
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  test('--help prints usage and exits 0', async () => {
    const { code, stdout } = await run(['--help']).exit;
    expect(code).toBe(0);
    expect(stdout).toMatch(/--fault-kinds/);
    expect(stdout).toMatch(/--no-finance-scope LIST/);
  });

  test('--no-finance-scope: that shop\'s finance endpoints answer 105005, its orders still work', async () => {
    const proc = run(['--port', '0', '--seed', '3', '--orders', '50', '--shops', '2', '--no-finance-scope', '2']);
    const info = JSON.parse(await proc.firstLine) as Record<string, string>;
    const get = async (path: string, extra: Record<string, string>, method = 'GET'): Promise<number> => {
      const query: Record<string, string> = { app_key: info['app_key']!, timestamp: String(Math.floor(Date.now() / 1000)), ...extra };
      query['sign'] = signRequest(info['app_secret']!, path, query, method === 'POST' ? '{}' : '');
      const res = await fetch(`${info['base_url']}${path}?${new URLSearchParams(query)}`, {
        method, headers: { 'content-type': 'application/json', 'x-tts-access-token': info['access_token']! }, body: method === 'POST' ? '{}' : undefined,
      });
      return ((await res.json()) as { code: number }).code;
    };
    try {
      const scopes = (await (await fetch(`${info['base_url']}/__sandbox/finance_scope`)).json()) as { data: { by_shop: Record<string, boolean> } };
      expect(Object.values(scopes.data.by_shop)).toEqual([true, false]);
      const shopsPath = '/authorization/202309/shops';
      const q: Record<string, string> = { app_key: info['app_key']!, timestamp: String(Math.floor(Date.now() / 1000)) };
      q['sign'] = signRequest(info['app_secret']!, shopsPath, q, '');
      const shops = ((await (await fetch(`${info['base_url']}${shopsPath}?${new URLSearchParams(q)}`, {
        headers: { 'x-tts-access-token': info['access_token']! },
      })).json()) as { data: { shops: { cipher: string }[] } }).data.shops;
      const statements = { sort_field: 'statement_time' };
      expect(await get('/finance/202309/statements', { shop_cipher: shops[0]!.cipher, ...statements })).toBe(0);
      expect(await get('/finance/202309/statements', { shop_cipher: shops[1]!.cipher, ...statements })).toBe(105005);
      expect(await get('/order/202309/orders/search', { shop_cipher: shops[1]!.cipher, page_size: '5' }, 'POST')).toBe(0);
    } finally {
      proc.kill('SIGTERM');
      await proc.exit;
    }
  });
});
