import { chmodSync, mkdirSync, mkdtempSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '../../../src/log.js';
import type { TokenSet } from '../../../src/tiktok/tokens.js';
import { FileGrantStore } from '../../../src/tokens/file-grant-store.js';
import { emptyStore, readStore, recordTokens, storeLock, writeStore, type StoreFile } from '../../../src/tokens/store.js';

const APP = 'app-1';
const NOW = 1_800_000_000;
const tempDir = () => mkdtempSync(join(tmpdir(), 'tap-hygiene-'));
const tokens = (n: number, openId = 'seller-a'): TokenSet => ({ accessToken: `access-${n}`, accessTokenExpireIn: NOW + 86_400 + n, refreshToken: `refresh-${n}`, openId });
const logger = (lines: string[]) => new Logger({ write: (line) => lines.push(line) });

/** refresh-0 authorized for seller-a, then refreshed up to refresh-`upTo`. */
function rotated(upTo: number, openId = 'seller-a', start: StoreFile = emptyStore()): StoreFile {
  let store = recordTokens(start, APP, tokens(0, openId), { nowSec: NOW });
  for (let n = 1; n <= upTo; n++) store = recordTokens(store, APP, tokens(n, openId), { usedRefreshToken: `refresh-${n - 1}`, nowSec: NOW });
  return store;
}

/** What a tap killed between the write and the rename of writeFileAtomic leaves beside the store. */
function leaveTemp(storePath: string, contents: StoreFile | string, pid = 4242): string {
  const dir = join(storePath, '..');
  const name = storePath.split('/').pop()!;
  const temp = join(dir, `.${name}.${pid}.0badcafe.tmp`);
  writeFileSync(temp, typeof contents === 'string' ? contents : JSON.stringify(contents), { mode: 0o600 });
  return temp;
}

describe('the lock of a store reached through a symlink', () => {
  test('the link and its target share one lock file, beside the target', () => {
    const dir = tempDir();
    const real = join(dir, 'real', 'tokens.json');
    mkdirSync(join(dir, 'real'));
    writeStore(real, emptyStore());
    const link = join(dir, 'tokens-link.json');
    symlinkSync(real, link);
    expect(storeLock(link).path).toBe(`${real}.lock`);
    expect(storeLock(link).path).toBe(storeLock(real).path);
  });

  test('a symlinked directory before the store exists: the lock goes in the real directory', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'real'));
    symlinkSync(join(dir, 'real'), join(dir, 'link'));
    expect(storeLock(join(dir, 'link', 'tokens.json')).path).toBe(storeLock(join(dir, 'real', 'tokens.json')).path);
  });

  test('a process holding the lock through the link keeps one using the target waiting', async () => {
    const dir = tempDir();
    const real = join(dir, 'tokens.json');
    writeStore(real, emptyStore());
    const link = join(dir, 'via-link.json');
    symlinkSync(real, link);
    const viaLink = new FileGrantStore(link);
    const viaTarget = new FileGrantStore(real, { waitMs: 50 });
    await viaLink.locked(APP, async () => {
      await expect(viaTarget.locked(APP, async () => 'got it')).rejects.toThrow(/gave up after/);
    });
  });
});

describe('temporary files a killed write left beside the store', () => {
  test('a complete one holding a rotation the store missed is adopted, then deleted', async () => {
    const path = join(tempDir(), 'tokens.json');
    writeStore(path, rotated(1));
    leaveTemp(path, rotated(2));
    const lines: string[] = [];
    await new FileGrantStore(path).prepare(logger(lines));
    expect(readStore(path).grants.map((g) => g.refresh_token)).toEqual(['refresh-2']);
    expect(readdirSync(join(path, '..')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(lines.join('')).toMatch(/WARNING .*missed 1 grant update.*adopted/);
    expect(lines.join('')).not.toContain('refresh-2');
  });

  test('one older than the store (the store has moved on since) is deleted, the store kept', async () => {
    const path = join(tempDir(), 'tokens.json');
    writeStore(path, rotated(3));
    leaveTemp(path, rotated(2));
    const lines: string[] = [];
    await new FileGrantStore(path).prepare(logger(lines));
    expect(readStore(path).grants.map((g) => g.refresh_token)).toEqual(['refresh-3']);
    expect(readdirSync(join(path, '..')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(lines.join('')).toMatch(/deleted 1 temporary file/);
  });

  test('a half-written one is deleted; another seller\'s grants are left as they are', async () => {
    const path = join(tempDir(), 'tokens.json');
    const both = rotated(1, 'seller-b', rotated(1));
    writeStore(path, both);
    leaveTemp(path, '{"version": 1, "grants": [{"app_');
    await new FileGrantStore(path).prepare(logger([]));
    expect(readStore(path)).toEqual(both);
    expect(readdirSync(join(path, '..')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  test('a seller authorized by a process killed before its rename is adopted beside the others', async () => {
    const path = join(tempDir(), 'tokens.json');
    writeStore(path, rotated(1));
    leaveTemp(path, rotated(0, 'seller-b', rotated(1)));
    await new FileGrantStore(path).prepare(logger([]));
    expect(readStore(path).grants.map((g) => `${g.open_id}:${g.refresh_token}`).sort()).toEqual(['seller-a:refresh-1', 'seller-b:refresh-0']);
  });

  test('files of other names in the directory are left alone', async () => {
    const dir = tempDir();
    const path = join(dir, 'tokens.json');
    writeStore(path, rotated(1));
    writeFileSync(join(dir, '.other.json.4242.0badcafe.tmp'), '{}');
    writeFileSync(join(dir, '.tokens.json.notapid.tmp'), '{}');
    await new FileGrantStore(path).prepare(logger([]));
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp')).sort()).toEqual(['.other.json.4242.0badcafe.tmp', '.tokens.json.notapid.tmp']);
  });
});

describe('a store file readable by others', () => {
  test('mode 0644 is tightened to 0600, said once', async () => {
    const path = join(tempDir(), 'tokens.json');
    writeStore(path, rotated(1));
    chmodSync(path, 0o644);
    const lines: string[] = [];
    await new FileGrantStore(path).prepare(logger(lines));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(lines.filter((l) => /readable by other users \(mode 0644\); made it 0600/.test(l))).toHaveLength(1);
    await new FileGrantStore(path).prepare(logger(lines));
    expect(lines.filter((l) => /readable by other users/.test(l))).toHaveLength(1);
  });
});
