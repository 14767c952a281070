import type { Refusal } from './declaration.js';
import type { ShopSyncContext } from './context.js';

/**
 * The per-parent child calls of one kind (price detail, or external references) for one shop, and the refusal
 * policy: a refused call skips that parent's child records with a warning and a count (summary and METRIC), and the
 * family goes on; when every such call of a page is refused (two or more: one call alone cannot tell a parent from
 * an endpoint), or one refusal is about the endpoint (a missing scope), the child streams are disabled for this
 * shop for the rest of the run with one line, and later bookmarks no longer vouch for them. Which errors are
 * refusals is the declaration's to say (`classify`).
 *
 * The calls of several pages run side by side (the engine keeps each endpoint's rate busy across pages), so each
 * page keeps its own tally, and pages are ended in the order they were read.
 */
export class ChildCalls {
  private disabledNow = false;

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

  /** A new page's tally, for `run` and `endPage`. */
  startPage(): PageTally {
    return { calls: 0, refused: 0, endpointRefusal: undefined, lastRefusal: undefined };
  }

  /** Runs one call for `parentId` of the page `tally` counts; a refusal is counted and warned about instead of thrown. */
  async run(tally: PageTally, parentId: string, call: () => Promise<void>): Promise<void> {
    tally.calls++;
    try {
      await call();
    } catch (error) {
      const refusal = this.classify(error);
      if (!refusal) throw error;
      tally.refused++;
      tally.lastRefusal = refusal;
      if (refusal.endpoint) tally.endpointRefusal ??= refusal;
      this.ctx.childRefused(this.streams[0]);
      // Once disabled, refusals of calls already started on later pages are counted, not told one by one again.
      if (this.disabledNow) return;
      this.ctx.logger.warn(
        `${this.parent}: ${this.what} of ${singular(this.parent)} ${parentId} was refused (${refusal.message}); its ${this.streams.join(' and ')} records are skipped and counted in the summary`,
        { stream: this.streams[0] },
      );
    }
  }

  /** Called once the page's calls have settled: decides whether the endpoint refuses everything. */
  endPage(tally: PageTally): void {
    const everyCall = tally.calls >= 2 && tally.refused === tally.calls;
    const cause = tally.endpointRefusal ?? (everyCall ? tally.lastRefusal : undefined);
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

/** One page's calls of one kind: how many ran, how many were refused, and why. */
export interface PageTally {
  calls: number;
  refused: number;
  endpointRefusal: Refusal | undefined;
  lastRefusal: Refusal | undefined;
}

/** "orders" -> "order", for log lines. */
const singular = (stream: string): string => (stream.endsWith('s') ? stream.slice(0, -1) : stream);
