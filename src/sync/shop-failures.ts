import { EXIT, TapError } from '../errors.js';
import type { Logger } from '../log.js';
import { callFailureOf } from './call-failure.js';
import type { FamilyDecl, Grant } from './declaration.js';
import { messageOf, reachOf, shopLabel, wholeShopFailure, type Failure } from './failure-policy.js';
import type { AuthorizedShop } from './shops.js';

/** "a", "a and b", "a, b and c", for log lines. */
const listOf = (names: string[]): string => (names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : (names[0] ?? ''));

/**
 * The families of one shop that failed, each on its own: a family's failure is logged and recorded and the next
 * family runs. A missing scope is said once, for every family needing it, and those after the first fail without a
 * request.
 */
export class ShopFailures {
  /** Families that ran to the end. */
  private done = 0;
  private readonly failures: Failure[] = [];
  /** Scopes this shop's grant was found to lack, with the error every family needing them fails with. */
  private readonly lacking = new Map<string, TapError>();
  /** Set once a family failed because the API host could not be reached: the shop's later families fail at once. */
  private unreachable: TapError | undefined;

  constructor(
    private readonly shop: AuthorizedShop,
    private readonly logger: Logger,
  ) {}

  /** True when `family` needs a scope already found missing: it is recorded as failed and must not run. */
  skipForMissingScope(family: FamilyDecl): boolean {
    const missing = family.grant && this.lacking.get(family.grant.scope);
    if (!missing) return false;
    this.failures.push({ shop: this.shop, family: family.root, error: missing });
    return true;
  }

  /**
   * True when an earlier family of the shop found the API unreachable (retries spent): `family` is recorded as failed
   * with that error and must not run, since each request would wait through the same retries (said in one line, by
   * `familyFailed`).
   */
  skipForUnreachable(family: FamilyDecl): boolean {
    if (!this.unreachable) return false;
    this.failures.push({ shop: this.shop, family: family.root, error: this.unreachable });
    return true;
  }

  /**
   * Child streams whose endpoint refused everything for this shop were disabled (src/sync/child-calls.ts): their family
   * synced, but they did not, and each later run reads the family from start_date again for them. Counted as a
   * failure, so the run ends partial (exit 3) and an orchestrator notices, instead of exiting 0 run after run.
   */
  childStreamsDisabled(streams: readonly string[]): void {
    this.failures.push({
      shop: this.shop,
      family: streams.join(' and '),
      error: new TapError('CHILD_STREAMS_REFUSED', `${shopLabel(this.shop)}: the API refused every request of ${listOf([...streams])}`, { exitCode: EXIT.PARTIAL }),
    });
  }

  familySynced(): void {
    this.done++;
  }

  /**
   * A family's error. One that reaches past its family (the shop, the run) is thrown on; any other is recorded and
   * logged. `families`: the shop's families in run order, for the ones a missing scope takes down with it.
   */
  familyFailed(family: FamilyDecl, error: unknown, families: readonly FamilyDecl[]): void {
    if (reachOf(error) !== 'family') throw error;
    if (family.grant && callFailureOf(error).kind === 'missing-scope') {
      // This family and the ones after it that need the scope (those before it got through).
      const skipped = families.slice(families.indexOf(family)).filter((other) => other.grant?.scope === family.grant!.scope);
      const line = scopeMissing(this.shop, family.grant, skipped.map((other) => other.root), error);
      this.lacking.set(family.grant.scope, line);
      this.failures.push({ shop: this.shop, family: family.root, error: line });
      this.logger.error(line.userLine(), { stream: family.root });
      return;
    }
    this.failures.push({ shop: this.shop, family: family.root, error });
    if (callFailureOf(error).kind === 'unreachable' && error instanceof TapError) {
      this.unreachable = error;
      const later = families.slice(families.indexOf(family) + 1).map((other) => other.root);
      this.logger.error(
        `${shopLabel(this.shop)}: the API could not be reached for ${family.root} after retries, so ` +
          `${later.length ? `${listOf(later)} ${later.length > 1 ? 'are' : 'is'} skipped for this shop without a request` : 'the shop stops here'}: ${messageOf(error)}`,
        { stream: family.root },
      );
      return;
    }
    this.logger.error(`${shopLabel(this.shop)}: ${family.root} failed and was skipped, the shop's other stream families go on: ${messageOf(error)}`, {
      stream: family.root,
    });
  }

  /**
   * The shop's tally once its families ran: how many synced and which failed. Throws the shop's error when every
   * family failed for the same cause: the shop failed as a whole.
   */
  settle(): { synced: number; failures: readonly Failure[] } {
    const whole = wholeShopFailure(this.done, this.failures);
    if (whole !== undefined) throw whole;
    return { synced: this.done, failures: this.failures };
  }
}

/**
 * The one error (and log line) for a shop whose grant lacks a scope: it names the scope, the API's refusal, every
 * family it takes down (`skipped`, which fail with it and make no request) and what to do; the exit code is the
 * refusal's own.
 */
function scopeMissing(shop: AuthorizedShop, grant: Grant, skipped: string[], cause: unknown): TapError {
  return new TapError(
    'SCOPE_MISSING',
    `${shopLabel(shop)}: the app's grant lacks ${grant.scope} (${cause instanceof TapError ? cause.message : String(cause)}), so ${listOf(skipped)} ` +
      `${skipped.length > 1 ? 'are' : 'is'} skipped for this shop and its other streams sync`,
    { hint: grant.fix, exitCode: cause instanceof TapError ? cause.exitCode : EXIT.API },
  );
}
