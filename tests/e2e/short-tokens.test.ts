import { startSandbox, type SandboxHandle } from '../../src/sandbox/index.js';
import { parseMessages, runTap, tempDir } from './run-tap.js';
import { sandboxConfig } from './sandbox-config.js';

/**
 * Access tokens that live 3 seconds while requests wait their rate-limit turn (the default 10 requests/s per shop)
 * for longer than that. The token must be the one current when a request is sent, not when it was queued, and a
 * request refused with 105002 must go again with whatever token is current; otherwise requests queued past a
 * token's life fail again after one refresh and the orders family of both shops ends the run non-zero.
 */
describe('short-lived access tokens (built binary against the sandbox)', () => {
  let sandbox: SandboxHandle | undefined;
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
  });

  test('2 shops, 40 orders, 3-second tokens at the default rate: the sync exits 0 with both shops’ orders', async () => {
    sandbox = await startSandbox({ seed: 7, shops: 2, orders: 40, products: 4, days: 20, tokenTtl: 3 });
    const dir = tempDir('tap-short-tokens-');
    // No requests_per_second: the default rate is what makes requests queue longer than a token lives. The tap's
    // default analytics history (sandboxConfig reads only a few days unless told), so the run outlasts several tokens.
    const config = sandboxConfig(sandbox, dir, { requests_per_second: undefined, analytics_history_days: 90 });
    const result = await runTap(['--config', config], { timeoutMs: 240_000 });
    expect({ code: result.code, tail: result.code === 0 ? '' : result.stderr.slice(-2000) }).toEqual({ code: 0, tail: '' });
    const orders = parseMessages(result.stdout).filter((m) => m.type === 'RECORD' && m.stream === 'orders');
    expect(new Set(orders.map((m) => m.record!.shop_id)).size).toBe(2);
    expect(orders.length).toBe(80);
    expect(sandbox.stats().refreshes).toBeGreaterThanOrEqual(2);
  }, 300_000);
});
