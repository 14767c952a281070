import { existsSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { TapError } from '../../../src/errors.js';
import { FileLock } from '../../../src/tokens/lock.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'tap-lock-'));

/** A pid that surely belongs to no process: one that just exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('file lock', () => {
  test('holders take turns: a second acquirer waits until the first releases', async () => {
    const path = join(tempDir(), 'tokens.json.lock');
    const order: string[] = [];
    const release = await new FileLock(path).acquire();
    let waited = false;
    const second = new FileLock(path, { onWait: () => (waited = true) }).with(() => {
      order.push('second');
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    order.push('first done');
    release();
    await second;
    expect(order).toEqual(['first done', 'second']);
    expect(waited).toBe(true);
    expect(existsSync(path)).toBe(false);
  });

  test('the lock file names its holder (pid, host)', async () => {
    const path = join(tempDir(), 'x.lock');
    const release = await new FileLock(path).acquire();
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    release();
  });

  test('a lock left by a process that is gone is broken at once', async () => {
    const path = join(tempDir(), 'x.lock');
    writeFileSync(path, JSON.stringify({ pid: deadPid(), host: hostname(), since: 'then', id: 'dead' }));
    const lock = new FileLock(path, { waitMs: 5_000 });
    const release = await lock.acquire();
    expect(JSON.parse(readFileSync(path, 'utf8')).pid).toBe(process.pid);
    release();
  });

  test('a lock whose heartbeat stopped (another host, or unreadable) is broken once stale', async () => {
    const path = join(tempDir(), 'x.lock');
    writeFileSync(path, JSON.stringify({ pid: 1, host: 'some-other-host', since: 'then', id: 'far' }));
    const old = new Date(Date.now() - 120_000);
    utimesSync(path, old, old);
    const release = await new FileLock(path, { staleMs: 60_000, waitMs: 5_000 }).acquire();
    expect(JSON.parse(readFileSync(path, 'utf8')).id).not.toBe('far');
    release();
  });

  test('a live holder is waited for only so long, then one clear error names the file and the holder', async () => {
    const path = join(tempDir(), 'x.lock');
    const release = await new FileLock(path).acquire();
    let error: unknown;
    try {
      await new FileLock(path, { waitMs: 300, what: 'the token store lock' }).acquire();
    } catch (e) {
      error = e;
    }
    release();
    expect(error).toBeInstanceOf(TapError);
    expect((error as TapError).userLine()).toMatch(
      new RegExp(`gave up after 1 s waiting for the token store lock ${path}, held by process ${process.pid} on .* — if no other tap-tiktok-shop process is running, delete that file`),
    );
  });

  test('releasing removes only our own lock', async () => {
    const path = join(tempDir(), 'x.lock');
    const release = await new FileLock(path).acquire();
    writeFileSync(path, JSON.stringify({ pid: process.pid, host: hostname(), since: 'now', id: 'someone-else' }));
    release();
    expect(JSON.parse(readFileSync(path, 'utf8')).id).toBe('someone-else');
  });

  test('a directory it cannot create is one clear error, not a hang', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file'), '');
    await expect(new FileLock(join(dir, 'file', 'sub', 'x.lock')).acquire()).rejects.toThrow(/cannot create the lock file/);
  });
});
