import { startSandbox, type SandboxHandle } from '../../src/sandbox/index.js';
import { runTap, tempDir } from './run-tap.js';
import { briskSandboxConfig } from './sandbox-config.js';

/**
 * As Meltano runs the tap: everything comes in the config file (Meltano passes no flags),
 * decimal settings arrive as strings (Meltano below 4.0 has no decimal kind), logs must be readable there.
 */
describe('run as Meltano runs it (built binary against the sandbox)', () => {
  let sandbox: SandboxHandle;

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 21, shops: 2, orders: 30, products: 8 });
  });

  afterAll(async () => {
    await sandbox.close();
  });

  test('log_level and log_format are settings; a flag wins over them', async () => {
    // A decimal setting as a string, as Meltano below 4.0 passes it. requests_per_second is a per-shop ceiling over the
    // endpoints' own pacing, so its value is one that does not slow the two syncs down.
    const config = briskSandboxConfig(sandbox, tempDir(), { log_format: 'json', log_level: 'warning', requests_per_second: '255.5' });
    const json = await runTap(['--config', config]);
    expect({ code: json.code, stderr: json.code === 0 ? '' : json.stderr }).toEqual({ code: 0, stderr: '' });
    // At warning level a clean run says nothing at info; what it says is JSON.
    for (const line of json.stderr.split('\n').filter(Boolean)) expect(['warning', 'error', 'critical']).toContain((JSON.parse(line) as { level: string }).level);
    const flags = await runTap(['--config', config, '--log-format', 'text', '--log-level', 'info']);
    expect(flags.code).toBe(0);
    const lines = flags.stderr.split('\n').filter(Boolean);
    expect(lines.some((l) => l.includes(' | INFO     | tap-tiktok-shop | summary: '))).toBe(true);
    expect(lines.every((l) => !l.startsWith('{'))).toBe(true);
  });

  test('by default metrics are aggregated per stream and endpoint, not one line per request', async () => {
    const result = await runTap(['--config', briskSandboxConfig(sandbox, tempDir(), { emit_metrics: true })]);
    expect(result.code).toBe(0);
    const metrics = result.stderr
      .split('\n')
      .filter((l) => l.startsWith('INFO METRIC: '))
      .map((l) => JSON.parse(l.slice('INFO METRIC: '.length)) as { metric: string; value: number; tags: Record<string, string> });
    expect(metrics.filter((m) => m.metric === 'http_request_duration')).toEqual([]);
    const requests = metrics.filter((m) => m.metric === 'http_request_count' && m.tags.period === 'run');
    expect(requests.some((m) => m.tags.stream === 'orders' && m.tags.endpoint !== undefined)).toBe(true);
    const total = Number(/summary: \d+ records in [\d.]+ s; (\d+) requests/.exec(result.stderr)![1]);
    expect(requests.reduce((sum, m) => sum + m.value, 0)).toBe(total);
    for (const name of ['http_request_error_count', 'http_request_duration_mean', 'http_request_duration_max']) {
      expect([name, metrics.some((m) => m.metric === name && m.tags.period === 'run')]).toEqual([name, true]);
    }
    expect(metrics.some((m) => m.metric === 'record_count' && m.tags.stream === 'orders' && m.tags.period === 'run' && m.value === 60)).toBe(true);

    const perRequest = await runTap(['--config', briskSandboxConfig(sandbox, tempDir(), { emit_metrics: true, request_metrics: true })]);
    expect(perRequest.stderr.split('\n').filter((l) => l.includes('"metric":"http_request_duration"')).length).toBe(total);
  });
});
