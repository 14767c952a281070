import type { StreamName } from './table.js';
import type { ShopSyncContext } from '../sync/context.js';
import { ApiError } from '../tiktok/errors.js';

/**
 * Failures that are the API saying no to one call (an error code, an HTTP refusal), as opposed to failures of the
 * connection, the credentials or the shop, which keep their meaning. No source documents what price detail or
 * external order references answer for unpaid, cancelled or unlinked orders, and the newest official SDK no longer
 * lists the 202406 external-orders call (../shared/tiktok-shop-api.md §5.5, §8 items 4 and 5); `21008111` is
 * "does not belong to this seller" (§3.3, "skip id").
 */
const REFUSALS = new Set(['unknown_code', 'not_this_seller', 'missing_scope', 'bad_request', 'http_error']);

/** Refusals that are about the endpoint, not the order: one is enough to know every other call would fail too. */
const ENDPOINT_REFUSALS = new Set(['missing_scope']);

export function isRefusal(error: unknown): error is ApiError {
  return error instanceof ApiError && error.action === 'fatal' && REFUSALS.has(error.reason);
}

/**
 * The per-order child calls of one kind (price detail, or external references) for one shop, and the refusal
 * policy: a refused call skips that order's child records with a warning and a count (summary and METRIC), and the
 * family goes on; when every such call of a page is refused (two or more: one call alone cannot tell an order from
 * an endpoint), or one refusal is about the endpoint (a missing scope), the child streams are disabled for this
 * shop for the rest of the run with one line, and later bookmarks no longer vouch for them.
 */
export class ChildCalls {
  private disabledNow = false;
  private calls = 0;
  private refused = 0;
  private endpointRefusal: ApiError | undefined;
  private lastRefusal: ApiError | undefined;

  constructor(
    private readonly ctx: ShopSyncContext,
    /** What the calls fetch, for log lines ("price detail"). */
    private readonly what: string,
    /** The streams these calls feed; the first one carries the count. */
    private readonly streams: readonly [StreamName, ...StreamName[]],
  ) {}

  get disabled(): boolean {
    return this.disabledNow;
  }

  /** Runs one call for `orderId`; a refusal is counted and warned about instead of thrown. */
  async run(orderId: string, call: () => Promise<void>): Promise<void> {
    this.calls++;
    try {
      await call();
    } catch (error) {
      if (!isRefusal(error)) throw error;
      this.refused++;
      this.lastRefusal = error;
      if (ENDPOINT_REFUSALS.has(error.reason)) this.endpointRefusal ??= error;
      this.ctx.childRefused(this.streams[0]);
      this.ctx.logger.warn(
        `orders: ${this.what} of order ${orderId} was refused (${error.message}); its ${this.streams.join(' and ')} records are skipped and counted in the summary`,
        { stream: this.streams[0] },
      );
    }
  }

  /** Called once the page's calls have settled: decides whether the endpoint refuses everything. */
  endPage(): void {
    const everyCall = this.calls >= 2 && this.refused === this.calls;
    const cause = this.endpointRefusal ?? (everyCall ? this.lastRefusal : undefined);
    this.calls = 0;
    this.refused = 0;
    this.endpointRefusal = undefined;
    this.lastRefusal = undefined;
    if (!cause || this.disabledNow) return;
    this.disabledNow = true;
    this.ctx.unsynced(this.streams);
    // A warning, like the per-order ones: the policy lets the run succeed; this line is what tells the user to act.
    this.ctx.logger.warn(
      `orders: ${this.what} is refused for ${everyCall ? 'every order of a page' : 'this shop'} (${cause.message}), so ${this.streams.join(' and ')} ` +
        `${this.streams.length > 1 ? 'are' : 'is'} disabled for shop ${this.ctx.shop.id} for the rest of this run; the bookmark no longer covers ${this.streams.length > 1 ? 'them' : 'it'}, ` +
        `so the next run reads orders from start_date again — fix the cause (${cause.hint}) or deselect ${this.streams.join(' and ')}`,
      { stream: this.streams[0] },
    );
  }
}
