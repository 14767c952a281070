import { EXIT, TapError } from '../errors.js';

/**
 * A list nested in an item of a reply (an order's line_items, a product's skus) that is not a list. The record
 * builders that find it know the field but not the request: `inReply` adds the endpoint and request_id.
 */
export class NestedListInvalid extends TapError {
  constructor(readonly field: string, readonly got: string) {
    super('API_REPLY_INVALID', `"${field}" in the reply is not a list (got ${got})`, {
      hint: 'the API changed its reply; report it with the request_id — the bookmark stays where it was',
      exitCode: EXIT.API,
    });
  }
}

/**
 * `value` (a nested list of the reply) as a list: absent or null is an empty one; anything else is refused, since
 * reading it as empty would drop the children silently while the parent's bookmark moves on.
 */
export function nestedList<T = Record<string, unknown>>(value: unknown, field: string): T[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value as T[];
  throw new NestedListInvalid(field, typeof value === 'object' ? 'an object' : `a ${typeof value}`);
}

/** Runs a record builder on a reply of `endpoint`; a nested list that is not a list is named with the request. */
export function inReply<T>(endpoint: string, requestId: string, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (!(error instanceof NestedListInvalid)) throw error;
    throw new TapError('API_REPLY_INVALID', `${endpoint}: ${error.message} (request_id ${requestId})`, {
      ...(error.hint ? { hint: error.hint } : {}),
      exitCode: error.exitCode,
    });
  }
}
