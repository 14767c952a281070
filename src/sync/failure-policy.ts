import { EXIT, TapError, type FailureScope } from '../errors.js';
import type { AuthorizedShop } from './shops.js';

/**
 * What a failure ends, and how a run that had failures ends: decided on `TapError.scope` and the failures' count and
 * place, never on a message or an exit code.
 */

/** A failure confined to one shop, or to one family of it. */
export interface Failure {
  shop: AuthorizedShop;
  /** The family's root stream; undefined when the whole shop failed. */
  family?: string;
  error: unknown;
}

/**
 * How far an error reaches: a bug (anything not a TapError) stops the run like a run-ending error; a shop error
 * (deactivated shop or seller) stops its shop; any other error stops only the family it happened in (a missing
 * scope for returns leaves orders and products to sync).
 */
export function reachOf(error: unknown): FailureScope {
  return error instanceof TapError ? error.scope : 'run';
}

/**
 * A shop-level error on the shop list itself (a deactivated seller) ends the run: there is no shop left to sync.
 * Other errors keep their reach.
 */
export function shopListFailure(error: unknown): unknown {
  if (!(error instanceof TapError) || error.scope !== 'shop') return error;
  return new TapError(error.code, error.message, { ...(error.hint ? { hint: error.hint } : {}), exitCode: EXIT.API, scope: 'run' });
}

/** How a run with no run-ending error ends. */
export type RunOutcome =
  /** Everything synced: exit 0. */
  | { kind: 'synced'; exitCode: typeof EXIT.OK }
  /** Some shops or families failed while the rest synced: the summary line (an error line), exit 3. */
  | { kind: 'partial'; exitCode: typeof EXIT.PARTIAL; summary: string }
  /** Nothing synced: a failed run, ended by this error (and its exit code). */
  | { kind: 'failed'; error: TapError };

export interface RunTally {
  /** Failures of shops and families, in the order they happened. */
  failures: readonly Failure[];
  /** (shop, family) pairs that ran to the end. */
  synced: number;
  /** Shops the run synced. */
  shopCount: number;
}

/** The decision table of a run's end (tests/unit/sync/failure-policy.test.ts). */
export function runOutcome({ failures, synced, shopCount }: RunTally): RunOutcome {
  const first = failures[0];
  if (!first) return { kind: 'synced', exitCode: EXIT.OK };
  if (synced === 0) return { kind: 'failed', error: nothingSynced(failures, shopCount) };
  return { kind: 'partial', exitCode: EXIT.PARTIAL, summary: partialSummary(failures, shopCount) };
}

/**
 * Nothing synced: a failed run, not a partial one. The exit code is the failure's own (a record that does not fit
 * stays exit 4), except a shop's failure, whose own is "partial": with no other shop synced, the API refused.
 */
function nothingSynced(failures: readonly Failure[], shopCount: number): TapError {
  const first = failures[0]!.error;
  const message = first instanceof TapError ? first.message : String(first);
  const exitCode = first instanceof TapError && first.scope !== 'shop' ? first.exitCode : EXIT.API;
  const only = failures.length === 1 && (shopCount === 1 || failures[0]!.family === undefined);
  return new TapError('SYNC_FAILED', only ? message : `every ${shopCount === 1 ? 'stream family' : 'shop'} failed; first: ${message}`, {
    ...(first instanceof TapError && first.hint ? { hint: first.hint } : {}),
    exitCode,
  });
}

/** "summary: failed: 1 of 3 shops (7); stream families returns of shop 8; the rest synced (exit code 3)". */
function partialSummary(failures: readonly Failure[], shopCount: number): string {
  const failedShops = failures.filter((f) => f.family === undefined);
  const failedFamilies = failures.filter((f) => f.family !== undefined);
  const parts = [
    ...(failedShops.length ? [`${failedShops.length} of ${shopCount} shops (${failedShops.map((f) => f.shop.id).join(', ')})`] : []),
    ...(failedFamilies.length ? [`stream families ${failedFamilies.map((f) => `${f.family} of shop ${f.shop.id}`).join(', ')}`] : []),
  ];
  return `summary: failed: ${parts.join('; ')}; the rest synced (exit code ${EXIT.PARTIAL})`;
}

/**
 * A shop where every family failed for the same cause (the same stable error code: credentials, a shop-wide
 * refusal) failed as a whole: its first failure, to be thrown as the shop's. Undefined when some family synced or
 * the causes differ.
 */
export function wholeShopFailure(done: number, failures: readonly Failure[]): unknown {
  const first = failures[0];
  if (done > 0 || !first) return undefined;
  const codeOf = (error: unknown): string | undefined => (error instanceof TapError ? error.code : undefined);
  const code = codeOf(first.error);
  return code !== undefined && failures.every((f) => codeOf(f.error) === code) ? first.error : undefined;
}

/** A TapError's line for the user (message — hint), anything else as a string. */
export const messageOf = (error: unknown): string => (error instanceof TapError ? error.userLine() : String(error));

/** "shop 7 (Shop 0)", for log lines. */
export const shopLabel = (shop: AuthorizedShop): string => `shop ${shop.id}${shop.name ? ` (${shop.name})` : ''}`;
