import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const TAP_BIN = join(ROOT, 'bin', 'tap-tiktok-shop');

export interface TapResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface SingerMessage {
  type: string;
  stream?: string;
  record?: Record<string, unknown>;
  value?: Record<string, unknown>;
  schema?: Record<string, unknown>;
  key_properties?: string[];
  bookmark_properties?: string[];
  time_extracted?: string;
}

/**
 * Environment every tap the e2e tests start gets: retry waits scaled to 1% (src/tiktok/retry.ts reads it), so a
 * fault-injecting run retries as often as a real one but does not sleep for real seconds. Tests about back-off
 * assert counts of retries, never durations.
 */
export const TEST_ENV: NodeJS.ProcessEnv = { TAP_TIKTOK_SHOP_TEST_BACKOFF_SCALE: '0.01' };

/** Arguments for `spawn` of the built tap outside runTap: the inherited environment plus TEST_ENV. */
export const tapEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ ...process.env, ...TEST_ENV, ...extra });

/** Runs the built tap as a child process, as a target or Meltano would. */
export function runTap(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<TapResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TAP_BIN, ...args], {
      cwd: options.cwd ?? ROOT,
      env: { PATH: process.env.PATH, ...TEST_ENV, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    collect(child, options.timeoutMs ?? 120_000).then(resolve, reject);
  });
}

export function collect(child: ChildProcess, timeoutMs: number): Promise<TapResult> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`tap did not finish within ${timeoutMs} ms; stderr:\n${stderr.slice(-2000)}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Every stdout line must be a Singer message; this parses them and fails on anything else. */
export function parseMessages(stdout: string): SingerMessage[] {
  return stdout
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => {
      const message = JSON.parse(line) as SingerMessage;
      if (!['SCHEMA', 'RECORD', 'STATE'].includes(message.type)) throw new Error(`not a Singer message: ${line.slice(0, 200)}`);
      return message;
    });
}

export function tempDir(prefix = 'tap-e2e-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function writeJson(dir: string, name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value, null, 2));
  return path;
}

/** The records of one stream, in the order they were written. */
export const recordsOf = (messages: SingerMessage[], stream: string): Array<Record<string, unknown>> =>
  messages.filter((m) => m.type === 'RECORD' && m.stream === stream).map((m) => m.record!);
