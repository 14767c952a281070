import type { JsonSchema } from '../singer/json-schema.js';

/**
 * A shortcut for the commonest field schemas, a bare `type` (`"string"`, `["integer", "null"]`...): a value whose
 * type is plainly one of them is accepted without calling the validator, which then only runs for the rest, and
 * decides those (and words the error) as always. Each test here accepts only what ajv accepts for that type
 * (integer is stricter: Number.isInteger), so no verdict changes; tests/unit/validation compares them.
 */
const ANNOTATIONS = new Set(['type', 'description', 'title', '$comment', 'x-unix-seconds']);

const TESTS: Record<string, (value: unknown) => boolean> = {
  string: (value) => typeof value === 'string',
  integer: (value) => Number.isInteger(value),
  number: (value) => typeof value === 'number' && Number.isFinite(value),
  boolean: (value) => typeof value === 'boolean',
  null: (value) => value === null,
};

export function quickAccept(schema: JsonSchema): ((value: unknown) => boolean) | undefined {
  if (!Object.keys(schema).every((keyword) => ANNOTATIONS.has(keyword))) return undefined;
  const types = typeof schema.type === 'string' ? [schema.type] : Array.isArray(schema.type) ? schema.type : undefined;
  if (!types || types.length === 0 || !types.every((type) => type in TESTS)) return undefined;
  const tests = types.map((type) => TESTS[type]!);
  if (tests.length === 1) return tests[0];
  if (tests.length === 2) {
    const [a, b] = tests as [(value: unknown) => boolean, (value: unknown) => boolean];
    return (value) => a(value) || b(value);
  }
  return (value) => tests.some((test) => test(value));
}
