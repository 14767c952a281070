import type { CountsReport, SandboxHandle } from '../../src/sandbox/index.js';
import { tapConfigFor } from '../../src/sandbox/tap-config.js';
import { writeJson } from './run-tap.js';

/**
 * analytics_history_days of the e2e tests' configs (sandbox and stub alike). A first run reads each analytics list
 * one request per day and shop, and the tap's default of 90 days made those requests most of every full sync here,
 * whatever the test was about. A few days still give every analytics stream records in each sandbox these tests
 * sync (live_performance, the sparsest, has a LIVE on about one day in three per shop; the tests that need every
 * stream check it has records, so a sandbox with too few would fail, not pass vacuously). The analytics test, and
 * any test that compares against everything the sandbox holds, sets its own.
 */
export const E2E_ANALYTICS_HISTORY_DAYS = 5;

/**
 * Pacing for the full syncs of tests about what a sync writes: the sandbox limits no rate unless asked, so at the
 * tap's default of 50 requests/s per endpoint and shop the per-order calls of a few hundred orders (price detail,
 * external orders of two platforms, SKU transactions) are mostly waits for the next turn. With this the tap still
 * paces every request, at a rate those calls do not reach. Tests about pacing, throttling, tokens or stopping keep
 * the tap's default.
 */
export const BRISK_PACING = { endpoint_requests_per_second: 500 } as const;

/**
 * A tap config for a running sandbox, written to `dir`, quiet (no progress, no metrics) unless `extra` says so, with
 * E2E_ANALYTICS_HISTORY_DAYS of analytics history unless `extra` sets analytics_history_days.
 */
export function sandboxConfig(sandbox: SandboxHandle, dir: string, extra: Record<string, unknown> = {}): string {
  return writeJson(
    dir,
    'config.json',
    tapConfigFor(sandbox.info, { start_date: '2024-01-01', progress_interval: 0, emit_metrics: false, analytics_history_days: E2E_ANALYTICS_HISTORY_DAYS, ...extra }),
  );
}

/** sandboxConfig with BRISK_PACING (which `extra` may still override), for tests about what a sync writes. */
export function briskSandboxConfig(sandbox: SandboxHandle, dir: string, extra: Record<string, unknown> = {}): string {
  return sandboxConfig(sandbox, dir, { ...BRISK_PACING, ...extra });
}

/** The sandbox's own record counts (GET /__sandbox/counts), so no total is counted by hand. */
export async function sandboxCounts(sandbox: SandboxHandle, query = ''): Promise<CountsReport> {
  const reply = await fetch(`${sandbox.info.base_url}/__sandbox/counts${query}`);
  expect(reply.status).toBe(200);
  return ((await reply.json()) as { data: CountsReport }).data;
}
