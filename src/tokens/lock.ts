import { randomBytes } from 'node:crypto';
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { EXIT, TapError } from '../errors.js';

/**
 * A lock between processes that share a token store (shards, parallel jobs, `meltano config test` beside a run):
 * a lock file created with O_EXCL holding the owner's pid and host. No dependency: what it needs is small, and it
 * must work wherever Node does. It never waits forever: a holder that died (its pid is gone on this host) or
 * stopped its heartbeat (hung, or died on another host sharing the file system) is stale and broken, and a live
 * holder is waited for at most `waitMs`.
 */
export interface LockHolder {
  pid: number;
  host: string;
  since: string;
  id: string;
}

export interface LockOptions {
  /** Longest wait for a live holder, ms (default 10 minutes: a refresh retried with back-off can take minutes). */
  waitMs?: number;
  /** A lock file whose heartbeat is older than this is stale, ms (default 60 s; the holder touches it every staleMs/6). */
  staleMs?: number;
  /** Told once when the lock is busy, so a waiting process can say why it waits. */
  onWait?: (holder: LockHolder | undefined) => void;
  /** Names the lock in errors (default: the lock file). */
  what?: string;
}

const DEFAULT_WAIT_MS = 10 * 60_000;
const DEFAULT_STALE_MS = 60_000;

function readHolder(path: string): LockHolder | undefined {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockHolder>;
    if (typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.id === 'string') {
      return { pid: value.pid, host: value.host, id: value.id, since: String(value.since ?? '') };
    }
  } catch {
    // missing, half-written or foreign: decided by age below
  }
  return undefined;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function ageMs(path: string): number | undefined {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class FileLock {
  private readonly waitMs: number;
  private readonly staleMs: number;

  constructor(
    readonly path: string,
    private readonly options: LockOptions = {},
  ) {
    this.waitMs = options.waitMs ?? DEFAULT_WAIT_MS;
    this.staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  }

  /** Why the current lock file may be broken, or undefined while its holder is alive. */
  staleReason(holder: LockHolder | undefined): string | undefined {
    const age = ageMs(this.path);
    if (age === undefined) return undefined; // gone meanwhile: just try again
    if (holder && holder.host === hostname() && !processAlive(holder.pid)) return `its process ${holder.pid} is gone`;
    if (age > this.staleMs) return `it has not been touched for ${Math.round(age / 1000)} s`;
    return undefined;
  }

  /** Waits for the lock; resolves to the function that releases it. */
  async acquire(): Promise<() => void> {
    const started = Date.now();
    let told = false;
    let pause = 25;
    for (;;) {
      const release = this.tryCreate();
      if (release) return release;
      const holder = readHolder(this.path);
      const stale = this.staleReason(holder);
      if (stale !== undefined) {
        this.breakStale(holder);
        continue;
      }
      if (Date.now() - started >= this.waitMs) {
        const who = holder ? `process ${holder.pid} on ${holder.host} since ${holder.since}` : 'another process';
        throw new TapError('token_store_locked', `gave up after ${Math.ceil(this.waitMs / 1000)} s waiting for ${this.options.what ?? 'the lock'} ${this.path}, held by ${who}`, {
          hint: 'if no other tap-tiktok-shop process is running, delete that file and run again',
          exitCode: EXIT.INPUT,
        });
      }
      if (!told) {
        told = true;
        this.options.onWait?.(holder);
      }
      await sleep(pause);
      pause = Math.min(pause * 2, 500);
    }
  }

  /** Runs `fn` holding the lock. */
  async with<T>(fn: () => Promise<T> | T): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }

  private tryCreate(): (() => void) | undefined {
    const holder: LockHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString(), id: randomBytes(8).toString('hex') };
    let fd: number;
    try {
      mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
      fd = openSync(this.path, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
      throw new TapError('token_store_lock', `cannot create the lock file ${this.path} (${(error as Error).message})`, {
        hint: 'make its directory writable, or point token_store_path somewhere writable',
        exitCode: EXIT.INPUT,
      });
    }
    try {
      writeSync(fd, JSON.stringify(holder));
    } finally {
      closeSync(fd);
    }
    const ours = () => readHolder(this.path)?.id === holder.id;
    // The heartbeat tells other hosts (which cannot see our pid) that we are alive.
    const heartbeat = setInterval(() => {
      try {
        if (ours()) utimesSync(this.path, new Date(), new Date());
      } catch {
        // nothing to keep alive
      }
    }, Math.max(10, Math.floor(this.staleMs / 6)));
    heartbeat.unref();
    const onExit = () => {
      try {
        if (ours()) unlinkSync(this.path);
      } catch {
        // exiting anyway
      }
    };
    process.on('exit', onExit);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      clearInterval(heartbeat);
      process.off('exit', onExit);
      onExit();
    };
  }

  /**
   * Moves the stale lock aside before deleting it, and checks that what it moved is the lock it judged stale:
   * two waiters breaking the same lock at once must not delete the fresh one the quicker of them just made.
   */
  private breakStale(judged: LockHolder | undefined): void {
    const aside = `${this.path}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
    try {
      renameSync(this.path, aside);
    } catch {
      return; // someone else broke it first
    }
    const moved = readHolder(aside);
    if (moved !== undefined && moved.id !== judged?.id) {
      // We moved a fresh lock: put it back unless yet another one appeared meanwhile.
      try {
        linkSync(aside, this.path);
      } catch {
        // another process holds a newer lock; the one we moved loses it (the token store still survives: see store.ts)
      }
    }
    try {
      unlinkSync(aside);
    } catch {
      // already gone
    }
  }
}
