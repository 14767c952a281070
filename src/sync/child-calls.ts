import type { Refusal } from './declaration.js';
import type { ShopSyncContext } from './context.js';

/**
 * The per-parent child calls of one kind (price detail, or external references) for one shop, and the refusal
 * policy: a refused call skips that parent's child records with a warning and a count (summary and METRIC), and the
 * family goes on; when every such call of a page is refused (two or more: one call alone cannot tell a parent from
 * an endpoint), or one refusal is about the endpoint (a missing scope), the child streams are disabled for this
 * shop for the rest of the run with one line, and later bookmarks no longer vouch for them. Which errors are
 * refusals is the declaration's to say (`classify`).
 */
export class ChildCalls {
  private disabledNow = false;
  private calls = 0;
  private refused = 0;
  private endpointRefusal: Refusal | undefined;
  private lastRefusal: Refusal | undefined;

  constructor(
    private readonly ctx: ShopSyncContext,
    /** The parent stream, for log lines ("orders"). */
    private readonly parent: string,
    /** What the calls fetch, for log lines ("price detail"). */
    private readonly what: string,
    /** The streams these calls feed; the first one carries the count. */
    private readonly streams: readonly [string, ...string[]],
    private readonly classify: (error: unknown) => Refusal | undefined,
  ) {}

  get disabled(): boolean {
    return this.disabledNow;
  }

  /** Runs one call for `parentId`; a refusal is counted and warned about instead of thrown. */
  async run(parentId: string, call: () => Promise<void>): Promise<void> {
    this.calls++;
    try {
      await call();
    } catch (error) {
      const refusal = this.classify(error);
      if (!refusal) throw error;
      this.refused++;
      this.lastRefusal = refusal;
      if (refusal.endpoint) this.endpointRefusal ??= refusal;
      this.ctx.childRefused(this.streams[0]);
      this.ctx.logger.warn(
        `${this.parent}: ${this.what} of ${singular(this.parent)} ${parentId} was refused (${refusal.message}); its ${this.streams.join(' and ')} records are skipped and counted in the summary`,
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
    // A warning, like the per-parent ones: the policy lets the run succeed; this line is what tells the user to act.
    this.ctx.logger.warn(
      `${this.parent}: ${this.what} is refused for ${everyCall ? `every ${singular(this.parent)} of a page` : 'this shop'} (${cause.message}), so ${this.streams.join(' and ')} ` +
        `${this.streams.length > 1 ? 'are' : 'is'} disabled for shop ${this.ctx.shop.id} for the rest of this run; the bookmark no longer covers ${this.streams.length > 1 ? 'them' : 'it'}, ` +
        `so the next run reads ${this.parent} from start_date again — fix the cause (${cause.hint}) or deselect ${this.streams.join(' and ')}`,
      { stream: this.streams[0] },
    );
  }
}

/** "orders" -> "order", for log lines. */
const singular = (stream: string): string => (stream.endsWith('s') ? stream.slice(0, -1) : stream);
