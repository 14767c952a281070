import { MissingScopeError, UnreachableError } from '../tiktok/errors.js';

/**
 * What a failed API call means to the engine's recovery (the Meltano SDK's fatal / skippable split is the model),
 * whatever shape the wire layer gives its errors.
 */
export type CallFailure =
  /** The grant lacks the scope the endpoint needs: every call to it fails the same way for this shop. */
  | { kind: 'missing-scope' }
  /**
   * The API host could not be reached (connection failed or timed out, retries spent): every other call of the shop
   * would wait through the same retries.
   */
  | { kind: 'unreachable' }
  /** Anything else: it keeps its reach (TapError.scope) and, for per-parent calls, the declaration says if it is a refusal. */
  | { kind: 'other' };

/** The one place the engine reads what kind of API failure it got (code 105005, docs/tiktok-shop-api.md §3.3). */
export function callFailureOf(error: unknown): CallFailure {
  if (error instanceof MissingScopeError) return { kind: 'missing-scope' };
  if (error instanceof UnreachableError) return { kind: 'unreachable' };
  return { kind: 'other' };
}
