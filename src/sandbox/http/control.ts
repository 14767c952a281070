/**
 * The unsigned control surface under /__sandbox/ (advance the clock, stats, counts, tokens, the finance scope of a
 * shop's grant, error codes on demand) for tests and the demo.
 */
import type { CountsReport } from '../store.js';
import type { TimeWindow } from '../data/views.js';
import type { AdvanceOptions, AdvanceResult } from '../types.js';
import type { AuthCodeOptions } from './tokens.js';
import type { Reply } from './api-error.js';
import type { Replies } from './replies.js';
import type { SandboxStats } from './stats.js';

export interface ControlTarget {
  advance(options: AdvanceOptions): AdvanceResult;
  stats(): SandboxStats;
  resetStats(): void;
  /** The connection details plus the sandbox clock. */
  infoWithClock(): object;
  expireAccessTokens(): void;
  issueAuthCode(options?: AuthCodeOptions): string;
  counts(window: TimeWindow, shopId?: string): CountsReport;
  /** Whether each shop's grant includes the finance scope, by shop id. */
  financeScopes(): Record<string, boolean>;
  /** Grants or withdraws it (throws for an unknown shop). */
  setFinanceScope(shopId: string, granted: boolean): void;
  /** A request path answers an error code from now on (null withdraws it), and the paths that do. */
  refuse(path: string, code: number | null, message?: string): void;
  refusals(): Record<string, number>;
}

/** `GET /__sandbox/counts?field=update_time&ge=…&lt=…&shop_id=…` (every parameter optional). */
function countsOf(query: URLSearchParams, sandbox: ControlTarget): CountsReport {
  for (const key of query.keys()) {
    if (!['field', 'ge', 'lt', 'shop_id'].includes(key)) throw new RangeError(`unknown counts parameter ${key} (use field, ge, lt, shop_id)`);
  }
  const field = query.get('field') ?? 'update_time';
  if (field !== 'update_time' && field !== 'create_time') throw new RangeError('field must be update_time or create_time');
  const time = (key: string): number | undefined => {
    const v = query.get(key);
    if (v === null || v === '') return undefined;
    if (!/^\d{1,12}$/.test(v)) throw new RangeError(`${key} must be a Unix time in seconds`);
    return Number(v);
  };
  const shopId = query.get('shop_id') ?? undefined;
  return sandbox.counts({ field, ge: time('ge'), lt: time('lt') }, shopId === '' ? undefined : shopId);
}

export function handleControl(method: string, path: string, body: string, sandbox: ControlTarget, replies: Replies,
  query: URLSearchParams = new URLSearchParams()): Reply {
  const ok = (data: unknown): Reply => ({ status: 200, body: replies.envelope(0, 'Success', JSON.stringify(data)) });
  const fail = (status: number, message: string): Reply => ({ status, body: replies.envelope(36009004, message, null) });
  try {
    if (path === '/__sandbox/advance' && method === 'POST') {
      const b = body.trim() === '' ? {} : (JSON.parse(body) as Record<string, unknown>);
      const num = (key: string): number | undefined => {
        const v = b[key];
        if (v === undefined || v === null) return undefined;
        if (typeof v !== 'number') throw new RangeError(`${key} must be a number`);
        return v;
      };
      return ok(sandbox.advance({
        seconds: num('seconds'), newOrders: num('new_orders'), updatedOrders: num('updated_orders'),
        newReturns: num('new_returns'), updatedReturns: num('updated_returns'), newProducts: num('new_products'),
        updatedProducts: num('updated_products'), newCancellations: num('new_cancellations'),
        updatedCancellations: num('updated_cancellations'), resolveStatements: num('resolve_statements'),
      }));
    }
    if (path === '/__sandbox/finance_scope' && method === 'GET') return ok({ by_shop: sandbox.financeScopes() });
    if (path === '/__sandbox/finance_scope' && method === 'POST') {
      // {"shop_id": "…", "granted": false}: that shop's finance endpoints answer 105005 from now on (true undoes it).
      const b = body.trim() === '' ? {} : (JSON.parse(body) as Record<string, unknown>);
      if (typeof b.shop_id !== 'string' || b.shop_id === '') throw new RangeError('shop_id must be a shop id (a string)');
      if (typeof b.granted !== 'boolean') throw new RangeError('granted must be true or false');
      sandbox.setFinanceScope(b.shop_id, b.granted);
      return ok({ shop_id: b.shop_id, granted: b.granted });
    }
    if (path === '/__sandbox/refuse' && method === 'GET') return ok({ by_path: sandbox.refusals() });
    if (path === '/__sandbox/refuse' && method === 'POST') {
      // {"path": "/fulfillment/202309/packages/123", "code": 10006402}: that request answers the code from now on
      // ("message" optional: the documented one by default); "code": null withdraws it.
      const b = body.trim() === '' ? {} : (JSON.parse(body) as Record<string, unknown>);
      if (typeof b.path !== 'string') throw new RangeError('path must be a request path (a string)');
      if (b.code !== null && typeof b.code !== 'number') throw new RangeError('code must be a number, or null to withdraw');
      if (b.message !== undefined && typeof b.message !== 'string') throw new RangeError('message must be a string');
      sandbox.refuse(b.path, b.code, b.message);
      return ok({ path: b.path, code: b.code });
    }
    if (path === '/__sandbox/counts' && method === 'GET') return ok(countsOf(query, sandbox));
    if (path === '/__sandbox/stats' && method === 'GET') return ok(sandbox.stats());
    if (path === '/__sandbox/stats/reset' && method === 'POST') {
      sandbox.resetStats();
      return ok({});
    }
    if (path === '/__sandbox/info' && method === 'GET') return ok(sandbox.infoWithClock());
    if (path === '/__sandbox/expire_tokens' && method === 'POST') {
      sandbox.expireAccessTokens();
      return ok({});
    }
    if (path === '/__sandbox/auth_code' && method === 'POST') {
      // Optional body {"app_key": "...", "issued_seconds_ago": N, "seller": K}: a code of another app, an expired
      // one, or one that seller K (1-based, with --sellers) approved.
      const b = body.trim() === '' ? {} : (JSON.parse(body) as Record<string, unknown>);
      const options: AuthCodeOptions = {};
      if (b.app_key !== undefined) {
        if (typeof b.app_key !== 'string') throw new RangeError('app_key must be a string');
        options.appKey = b.app_key;
      }
      if (b.issued_seconds_ago !== undefined) {
        if (typeof b.issued_seconds_ago !== 'number') throw new RangeError('issued_seconds_ago must be a number');
        options.issuedSecondsAgo = b.issued_seconds_ago;
      }
      if (b.seller !== undefined) {
        if (typeof b.seller !== 'number') throw new RangeError('seller must be a seller number');
        options.seller = b.seller;
      }
      return ok({ auth_code: sandbox.issueAuthCode(options) });
    }
    return fail(404, 'Unknown control endpoint');
  } catch (error) {
    return fail(400, (error as Error).message);
  }
}
