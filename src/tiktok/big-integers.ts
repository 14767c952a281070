/**
 * JSON.parse turns every number into a double, which holds integers exactly only up to 2^53 (16 digits). Most ids
 * arrive as strings (§6 G4), but a few replies type them as JSON integers — the analytics SKU list's `id` and
 * `product_id` (docs/tiktok-shop-api.md §10.4), with 19-digit values — and those would lose their last digits. Node 20
 * has no reviver `context.source`, so the raw text is rewritten before parsing instead: every integer literal of 16
 * or more digits outside a string becomes a string of the same digits. Shorter integers (counts, times) and
 * decimals are left alone, so only values a double could corrupt change type.
 */

/** A string literal (skipped as a whole, escapes included), or a long integer literal not part of a decimal or exponent. */
const TOKEN = /"(?:[^"\\]|\\.)*"|(?<![\d.eE+-])-?\d{16,}(?![\d.eE])/g;
/**
 * Cheap pre-check: a JSON number starts right after `:`, `[` or `,` (whitespace and a minus sign between), so with no
 * 16 digits in such a place there is nothing to rewrite. Ids sent as strings (`"id":"5764…"`) have a quote there, so
 * replies full of long string ids skip the rewrite. A false match (the same pattern inside a string) only costs the
 * full pass, which is exact.
 */
const MAYBE_LONG_NUMBER = /[:[,]\s*-?\d{16}/;

export function quoteBigIntegers(text: string): string {
  if (!MAYBE_LONG_NUMBER.test(text)) return text;
  return text.replace(TOKEN, (token) => (token.charCodeAt(0) === 34 /* " */ ? token : `"${token}"`));
}

/** JSON.parse that keeps integers of 16+ digits exactly, as strings. */
export function parseKeepingBigIntegers(text: string): unknown {
  return JSON.parse(quoteBigIntegers(text));
}
