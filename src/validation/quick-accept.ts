import type { JsonSchema } from '../singer/json-schema.js';

/**
 * A shortcut for the commonest field schemas, a bare `type` (`"string"`, `["integer", "null"]`...): a value whose
 * type is plainly one of them is accepted without calling the validator, which then only runs for the rest, and
 * decides those (and words the error) as always. Each test here accepts only what ajv accepts for that type
 * (integer is stricter: Number.isInteger), so no verdict changes; tests/unit/validation compares them.
 *
 * The types are bits: a schema's mask (`quickTypes`) and a value's own bits (`typeBits`) share one when the value
 * is plainly of a type the schema lists. The record path tests that inline, with no call per field.
 */
const ANNOTATIONS = new Set(['type', 'description', 'title', '$comment', 'x-unix-seconds']);

const STRING = 1;
const INTEGER = 2;
const NUMBER = 4;
const BOOLEAN = 8;
const NULL = 16;
const BITS: Record<string, number> = { string: STRING, integer: INTEGER, number: NUMBER, boolean: BOOLEAN, null: NULL };

/**
 * The types a value plainly has: a string STRING, an integer INTEGER and NUMBER, any other finite number NUMBER, a
 * boolean BOOLEAN, null NULL; anything else (NaN, Infinity, objects, arrays) none, and is left to the validator.
 */
export function typeBits(value: unknown): number {
  switch (typeof value) {
    case 'string':
      return STRING;
    case 'number':
      return Number.isInteger(value) ? INTEGER | NUMBER : Number.isFinite(value) ? NUMBER : 0;
    case 'boolean':
      return BOOLEAN;
    case 'object':
      return value === null ? NULL : 0;
    default:
      return 0;
  }
}

/** The mask of a bare-`type` schema's types; 0 for any other schema (no value is accepted without the validator). */
export function quickTypes(schema: JsonSchema): number {
  if (!Object.keys(schema).every((keyword) => ANNOTATIONS.has(keyword))) return 0;
  const types = typeof schema.type === 'string' ? [schema.type] : Array.isArray(schema.type) ? schema.type : undefined;
  if (!types || types.length === 0 || !types.every((type) => Object.hasOwn(BITS, type))) return 0;
  return types.reduce((mask, type) => mask | BITS[type]!, 0);
}

/** The shortcut as a test of its own, when the schema has one. */
export function quickAccept(schema: JsonSchema): ((value: unknown) => boolean) | undefined {
  const mask = quickTypes(schema);
  return mask === 0 ? undefined : (value) => (typeBits(value) & mask) !== 0;
}
