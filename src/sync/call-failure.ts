import { ApiError } from '../tiktok/errors.js';

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

/**
 * The one place the engine reads the API error's fields (code 105005 is classified `missing_scope`,
 * docs/tiktok-shop-api.md §3.3): when the wire layer has an error class per failure, this becomes an instanceof.
 */
export function callFailureOf(error: unknown): CallFailure {
  if (error instanceof ApiError && error.action === 'fatal' && error.reason === 'missing_scope') return { kind: 'missing-scope' };
  // The client classifies transport failures as reasons `network` and `timeout`, and throws them once retries ran out.
  if (error instanceof ApiError && (error.reason === 'network' || error.reason === 'timeout')) return { kind: 'unreachable' };
  return { kind: 'other' };
}
