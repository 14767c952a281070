/**
 * A bookmark value as Unix seconds. Bookmarks are RFC 3339 strings by default (time_format "rfc3339") and integers
 * with time_format "unix"; anything else fails the test, so a comparison can never pass vacuously (a number
 * compared with a string is always false in JavaScript).
 */
export function bookmarkSeconds(value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(value)) return Date.parse(value) / 1000;
  throw new Error(`not a bookmark: ${JSON.stringify(value)}`);
}
