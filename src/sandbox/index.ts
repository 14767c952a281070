/**
 * tiktok-shop-sandbox: a local, deterministic emulator of the TikTok Shop Partner API over real HTTP.
 *
 *   const sandbox = await startSandbox({ seed: 7, shops: 2, orders: 1000 });
 *   sandbox.info          // { base_url, auth_base_url, app_key, app_secret, access_token, refresh_token }
 *   sandbox.store.orders(shopId, { ge, lt })   // what a tap should emit for update_time in [ge, lt)
 *   sandbox.store.counts({ ge, lt })          // records per entity and shop, as GET /__sandbox/counts
 *   sandbox.store.statements(shopId)          // finance as served (also statementTransactions, payments, withdrawals)
 *   sandbox.store.setFinanceScope(shopId, false)  // that shop's finance endpoints answer 105005 (or noFinanceScope)
 *   sandbox.advance({ seconds: 3600, newOrders: 10, updatedOrders: 5 })
 *   await sandbox.close();
 *
 * Both hosts are served by one server (auth paths /api/v2/token/* do not collide with API paths), so base_url and
 * auth_base_url are equal. See server.ts for the error codes chosen where the reference leaves a choice.
 */
import { resolveOptions, type SandboxOptions } from './options.js';
import { SandboxServer, type SandboxInfo, type SandboxStats } from './server.js';
import { Store, deriveCredentials } from './store.js';
import type { CountsReport, TimeWindow } from './store.js';
import type { AdvanceOptions, AdvanceResult } from './types.js';
import type { AuthCodeOptions } from './http/tokens.js';

export { DEFAULT_NOW, DEFAULT_OPTIONS, FAULT_KINDS, type FaultKind, type SandboxOptions } from './options.js';
export type { SandboxInfo, SandboxStats } from './server.js';
export { PACKAGE_NOT_FOUND, PRODUCT_SEARCH_CAP, PRODUCT_UNAVAILABLE } from './server.js';
export type { CountsReport, EntityCounts, Store, TimeWindow } from './store.js';
export { MARKETS, formatMoney, parseMoney } from './regions.js';
export type * from './types.js';

export interface SandboxHandle {
  /** Connection details, the same object the binary prints. */
  readonly info: SandboxInfo;
  /** Read access to the data (current versions), for computing expectations. */
  readonly store: Store;
  /**
   * Records per stream and shop, as GET /__sandbox/counts answers: `store.counts` plus the streams whose search
   * declares its counts (a stream added by declaration is counted here, not in `store.counts`).
   */
  counts(window?: TimeWindow, shopId?: string): CountsReport;
  /** Move the sandbox clock and create/update records in every shop (same as POST /__sandbox/advance). */
  advance(options?: AdvanceOptions): AdvanceResult;
  /** Request counters (control calls excluded). */
  stats(): SandboxStats;
  resetStats(): void;
  /** Expire every access token issued so far (the next API call answers 105002). */
  expireAccessTokens(): void;
  /** A request path answers an error code from now on (§3.3 codes; null withdraws it): also POST /__sandbox/refuse. */
  refuse(path: string, code: number | null, message?: string): void;
  /** A single-use auth code for GET /api/v2/token/get (options: another app's code, or an expired one). */
  issueAuthCode(options?: AuthCodeOptions): string;
  /** Decimal places of a currency's money strings (USD 2, IDR 0). */
  currencyDecimals(currency: string): number;
  close(): Promise<void>;
}

export async function startSandbox(options: Partial<SandboxOptions> = {}): Promise<SandboxHandle> {
  const opts = resolveOptions(options, deriveCredentials);
  const store = new Store(opts);
  if (opts.warmup === 'ready') while (store.warm(10000));
  const server = new SandboxServer(store, opts);
  const info = await server.listen();
  let closed: Promise<void> | undefined;
  return {
    info,
    store,
    counts: (window, shopId) => server.counts(window, shopId),
    advance: (advanceOptions = {}) => server.advance(advanceOptions),
    stats: () => server.stats(),
    resetStats: () => server.resetStats(),
    expireAccessTokens: () => server.expireAccessTokens(),
    refuse: (path, code, message) => server.refuse(path, code, message),
    issueAuthCode: (options) => server.issueAuthCode(options),
    currencyDecimals,
    close: () => (closed ??= server.close()),
  };
}

const DECIMALS: Record<string, number> = { IDR: 0, VND: 0, JPY: 0, KRW: 0 };

export function currencyDecimals(currency: string): number {
  return DECIMALS[currency] ?? 2;
}
