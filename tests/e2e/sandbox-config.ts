import type { CountsReport, SandboxHandle } from '../../src/sandbox/index.js';
import { tapConfigFor } from '../../src/sandbox/tap-config.js';
import { writeJson } from './run-tap.js';

/** A tap config for a running sandbox, written to `dir`, quiet (no progress, no metrics) unless `extra` says so. */
export function sandboxConfig(sandbox: SandboxHandle, dir: string, extra: Record<string, unknown> = {}): string {
  return writeJson(dir, 'config.json', tapConfigFor(sandbox.info, { start_date: '2024-01-01', progress_interval: 0, emit_metrics: false, ...extra }));
}

/** The sandbox's own record counts (GET /__sandbox/counts), so no total is counted by hand. */
export async function sandboxCounts(sandbox: SandboxHandle, query = ''): Promise<CountsReport> {
  const reply = await fetch(`${sandbox.info.base_url}/__sandbox/counts${query}`);
  expect(reply.status).toBe(200);
  return ((await reply.json()) as { data: CountsReport }).data;
}
