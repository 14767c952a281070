/**
 * Pages of a sorted read whose per-parent calls are still running, oldest first. The calls of one page alone cannot
 * keep an endpoint at its rate: the page's last call ends a reply's latency after its turn, and waiting for it
 * before the next page starts leaves the endpoint idle for that long every page (at 20 orders a page, 50 requests/s
 * and 150 ms, a third of the time). So the next pages' calls start while earlier ones run, up to a few pages,
 * which bounds the memory held (a page's items and its pending calls). A page is finished (its bookmark moved, a
 * STATE checkpointed) only once it and every page before it have settled, so a bookmark never passes a child record
 * not yet written.
 */
export interface PageInFlight {
  /** Settles when every per-parent call of the page has; rejects with the first failure. */
  done: Promise<unknown>;
  /** Bookmarks the page and checkpoints; called in page order, after `done` resolved. */
  finish: () => Promise<void>;
}

interface Entry extends PageInFlight {
  settled: boolean;
}

export class PagesInFlight {
  private readonly pages: Entry[] = [];

  /**
   * Adds a page whose calls have started, then finishes pages from the oldest: every one already settled, and as
   * many as it takes to leave at most `depth` running (0: wait for this one too). A failed page rejects here, once
   * every page has settled (none left running with nobody listening).
   */
  async add(page: PageInFlight, depth: number): Promise<void> {
    const entry: Entry = { ...page, settled: false };
    // Marked, and the rejection handled, at once: it is awaited (and thrown) only when its turn to finish comes.
    entry.done.then(
      () => (entry.settled = true),
      () => (entry.settled = true),
    );
    this.pages.push(entry);
    while (this.pages.length > 0 && (this.pages.length > depth || this.pages[0]!.settled)) await this.finishOldest();
  }

  /** Finishes every page in order (at the end of the read, or when the run is stopping). */
  async drain(): Promise<void> {
    while (this.pages.length > 0) await this.finishOldest();
  }

  /** Waits for every page still running without finishing any: a failure elsewhere ends the read. */
  async abandon(): Promise<void> {
    await Promise.allSettled(this.pages.map((page) => page.done));
    this.pages.length = 0;
  }

  private async finishOldest(): Promise<void> {
    const oldest = this.pages[0]!;
    try {
      await oldest.done;
      this.pages.shift();
      await oldest.finish();
    } catch (error) {
      await this.abandon();
      throw error;
    }
  }
}
