import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/index.js';
import { parseMessages, tapEnv, tempDir, TAP_BIN } from './run-tap.js';
import { sandboxConfig } from './sandbox-config.js';

/**
 * A stop asked by SIGTERM/SIGINT while the target is slow drains what is queued,
 * ends stdout on a whole line holding the final STATE, waits for an in-flight token refresh to be saved,
 * all within stop_timeout, and the tap then dies by the signal itself (what `meltano config test` < 3.5 needs).
 */
interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function start(config: string): { child: ChildProcessWithoutNullStreams; ended: Promise<Ended>; stdout: () => string; stderr: () => string } {
  const child = spawn(process.execPath, [TAP_BIN, '--config', config], { env: tapEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const ended = new Promise<Ended>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`tap did not end; stderr:\n${stderr.slice(-2000)}`));
    }, 150_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, ended, stdout: () => stdout, stderr: () => stderr };
}

const until = async (condition: () => boolean): Promise<void> => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
};
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('stopping by a signal (built binary against the sandbox)', () => {
  let sandbox: SandboxHandle;

  beforeAll(async () => {
    // Big enough that the tap still has pages to write when the reader stops reading.
    sandbox = await startSandbox({ seed: 12, shops: 2, orders: 600, products: 40, days: 40 });
  });

  afterAll(async () => {
    await sandbox.close();
  });

  test.each(['SIGTERM', 'SIGINT'] as const)('%s while the target has stopped reading: whole lines, final STATE last, death by the signal', async (signal) => {
    const run = start(sandboxConfig(sandbox, tempDir(), { stop_timeout: 120 }));
    await until(() => run.stdout().split('"type":"RECORD"').length > 50);
    // The target stops reading: the pipe and the tap's queue fill up, the tap waits on backpressure.
    run.child.stdout.pause();
    await pause(1500);
    run.child.kill(signal);
    await until(() => run.stderr().includes(`received ${signal}`));
    await pause(1500);
    run.child.stdout.resume(); // the target reads again: the drain can finish
    const result = await run.ended;
    expect({ code: result.code, signal: result.signal }).toEqual({ code: null, signal });
    expect(result.stdout.endsWith('\n')).toBe(true);
    const messages = parseMessages(result.stdout); // throws on a cut line
    expect(messages.filter((m) => m.type === 'RECORD').length).toBeGreaterThan(50);
    expect(messages.at(-1)!.type).toBe('STATE');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stderr).not.toContain('within stop_timeout');
  });

  test('a target that never reads again: the tap still ends by the signal once stop_timeout is over', async () => {
    const run = start(sandboxConfig(sandbox, tempDir(), { stop_timeout: 2 }));
    await until(() => run.stdout().split('"type":"RECORD"').length > 50);
    run.child.stdout.pause();
    await pause(1500);
    run.child.kill('SIGTERM');
    await until(() => run.stderr().includes('within stop_timeout'));
    run.child.stdout.resume(); // only so the test can collect what is left
    const result = await run.ended;
    expect(result.signal).toBe('SIGTERM');
    expect(result.stderr).toContain('the target did not take the output, or a token refresh did not finish, within stop_timeout (2 s)');
  });

  test('SIGTERM during a token refresh: the rotated tokens are saved before the tap ends', async () => {
    const slowAuth = await startSandbox({ seed: 13, shops: 1, orders: 20, latencyMs: 2500 });
    try {
      const dir = tempDir();
      const config = sandboxConfig(slowAuth, dir, { stop_timeout: 60, access_token: undefined });
      const before = JSON.parse(readFileSync(config, 'utf8')) as { refresh_token: string };
      const run = start(config);
      // No access token: the first thing the tap does is refresh, which the sandbox answers 2.5 s later.
      await until(() => run.stderr().includes('refreshing the access token'));
      run.child.kill('SIGTERM');
      const result = await run.ended;
      expect(result.signal).toBe('SIGTERM');
      const after = JSON.parse(readFileSync(config, 'utf8')) as { refresh_token: string; access_token?: string };
      expect(after.refresh_token).not.toBe(before.refresh_token);
      expect(typeof after.access_token).toBe('string');
      expect(parseMessages(result.stdout).at(-1)!.type).toBe('STATE');
    } finally {
      await slowAuth.close();
    }
  });
});
