import type { Refusal } from '../sync/declaration.js';
import { MissingScopeError, RefusedCallError } from '../tiktok/errors.js';

/**
 * Failures that are the API saying no to one call (an error code, an HTTP refusal), as opposed to failures of the
 * connection, the credentials or the shop, which keep their meaning. No source documents what price detail or
 * external order references answer for unpaid, cancelled or unlinked orders, and the newest official SDK no longer
 * lists the 202406 external-orders call (docs/tiktok-shop-api.md §5.5, §8 items 4 and 5); `21008111` is
 * "does not belong to this seller" (§3.3, "skip id"). The policy that acts on them is the engine's
 * (src/sync/child-calls.ts).
 */
export function isRefusal(error: unknown): error is RefusedCallError {
  return error instanceof RefusedCallError;
}

/** A per-order call's error as a refusal, or undefined when it is not one (it then fails the family as before). */
export function childRefusal(error: unknown): Refusal | undefined {
  if (!isRefusal(error)) return undefined;
  // A missing scope is about the endpoint, not the order: one is enough to know every other call would fail too.
  return { endpoint: error instanceof MissingScopeError, message: error.message, hint: error.hint ?? 'see the error code' };
}
