import type { Logger } from '../log.js';
import { messageOf, reachOf, runOutcome, shopLabel, type Failure } from './failure-policy.js';
import type { AuthorizedShop } from './shops.js';

/**
 * The run's failures as shops finish side by side: which shops and families failed, how many synced, and the
 * first error that ends the run. At the end it says how the run ends (src/sync/failure-policy.ts decides).
 */
export class FailureLedger {
  private readonly failures: Failure[] = [];
  private synced = 0;
  private ending: { error: unknown } | undefined;

  constructor(
    private readonly shopCount: number,
    private readonly logger: Logger,
  ) {}

  /** A shop ran its families: `synced` of them to the end, `failures` on their own. */
  shopSynced(tally: { synced: number; failures: readonly Failure[] }): void {
    this.synced += tally.synced;
    this.failures.push(...tally.failures);
  }

  /** A shop's sync threw. Returns true when the error ends the run (every shop must stop). */
  shopFailed(shop: AuthorizedShop, error: unknown): boolean {
    if (reachOf(error) === 'run') {
      this.ending ??= { error };
      return true;
    }
    this.failures.push({ shop, error });
    // With one shop the run's own error line says it.
    if (this.shopCount > 1) this.logger.error(`${shopLabel(shop)} failed and was skipped: ${messageOf(error)}`);
    return false;
  }

  /** Throws the first run-ending error, if a shop met one. */
  throwIfEnded(): void {
    if (this.ending) throw this.ending.error;
  }

  /** The run's exit code: 0 when everything synced; 3 with the summary line logged when some of it did; throws when nothing did. */
  settle(): number {
    const outcome = runOutcome({ failures: this.failures, synced: this.synced, shopCount: this.shopCount });
    if (outcome.kind === 'failed') throw outcome.error;
    if (outcome.kind === 'partial') this.logger.error(outcome.summary);
    return outcome.exitCode;
  }
}
