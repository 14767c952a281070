import { lstatSync, mkdtempSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../../src/tokens/atomic-file.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'tap-atomic-'));

describe('atomic file writes', () => {
  test('a symlinked file is written through the link: the link stays a link and its target gets the new text', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'real'));
    const target = join(dir, 'real', 'config.json');
    writeFileSync(target, '{"refresh_token":"old"}');
    const link = join(dir, 'config.json');
    symlinkSync(target, link);
    writeFileAtomic(link, '{"refresh_token":"new"}');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(target);
    expect(readFileSync(target, 'utf8')).toBe('{"refresh_token":"new"}');
  });

  test('the directory is made durable after the rename, in the directory of the real target', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'real'));
    const target = join(dir, 'real', 'config.json');
    writeFileSync(target, 'old');
    symlinkSync(target, join(dir, 'link.json'));
    const synced: Array<{ dir: string; content: string }> = [];
    writeFileAtomic(join(dir, 'link.json'), 'new', { syncDirectory: (d) => synced.push({ dir: d, content: readFileSync(target, 'utf8') }) });
    expect(synced).toEqual([{ dir: join(dir, 'real'), content: 'new' }]);
  });

  test('an existing file keeps its mode; forceMode imposes one; a new file gets the given mode', () => {
    const dir = tempDir();
    const kept = join(dir, 'a.json');
    writeFileSync(kept, 'x');
    chmodSync(kept, 0o640);
    writeFileAtomic(kept, 'y');
    expect(statSync(kept).mode & 0o777).toBe(0o640);
    writeFileAtomic(kept, 'z', { mode: 0o600, forceMode: true });
    expect(statSync(kept).mode & 0o777).toBe(0o600);
    const fresh = join(dir, 'b.json');
    writeFileAtomic(fresh, 'n', { mode: 0o600 });
    expect(statSync(fresh).mode & 0o777).toBe(0o600);
  });

  test('without a mode, a missing file is an error (the config must exist)', () => {
    expect(() => writeFileAtomic(join(tempDir(), 'missing.json'), '{}')).toThrow(/ENOENT/);
  });
});
