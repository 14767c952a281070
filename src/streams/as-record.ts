/**
 * An object from the API, shaped into a stream's record. Its values are still the API's until StreamOutput checks
 * them against the schema before writing; the type says what the record is meant to be (src/generated/records.ts).
 */
export function asRecord<T>(value: Record<string, unknown>): T {
  return value as unknown as T;
}
