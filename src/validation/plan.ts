import { createHash } from 'node:crypto';
import type { JsonSchema } from '../singer/json-schema.js';

/**
 * What record validation compiles, worked out from a stream schema alone, so that the build
 * (scripts/build-validators.mjs, which writes ajv's standalone code) and a run that compiles at start
 * (src/validation/runtime.ts) compile exactly the same validators with exactly the same options.
 */

/** Ajv options of record validation: first error only; annotations such as `x-unix-seconds` are not errors. */
export const RECORD_AJV_OPTIONS = { allErrors: false, strict: false } as const;

/** Ajv options of settings validation: every error, defaults filled in, the value kept for the message. */
export const SETTINGS_AJV_OPTIONS = { allErrors: true, useDefaults: true, strict: true, verbose: true } as const;
/** The one keyword of the settings schema ajv does not know: an annotation (redaction reads it). */
export const SETTINGS_KEYWORDS = [{ keyword: 'secret', schemaType: 'boolean' }] as const;

/** Top-level keywords the per-field validation reproduces exactly; a schema with others is validated whole. */
const TOP_LEVEL_KEYWORDS = new Set(['$schema', 'title', 'description', 'type', 'properties', 'required', 'additionalProperties']);

/**
 * Records are validated field by field, over the fields a record has: a whole-record validator reads every
 * property the schema declares, and on TikTok's objects most of those are absent, which is the slowest kind of
 * property lookup. Same rules: each present field against its schema, required fields present. A schema whose
 * top level says more than that is validated whole.
 */
export type RecordPlan =
  | { kind: 'fields'; fields: ReadonlyArray<readonly [string, JsonSchema]>; required: readonly string[] }
  | { kind: 'whole'; schema: JsonSchema };

export function recordPlan(schema: JsonSchema): RecordPlan {
  const perField =
    schema.type === 'object' &&
    Object.keys(schema).every((keyword) => TOP_LEVEL_KEYWORDS.has(keyword)) &&
    (schema.additionalProperties === undefined || schema.additionalProperties === true);
  if (!perField) return { kind: 'whole', schema };
  return { kind: 'fields', fields: Object.entries(schema.properties ?? {}), required: schema.required ?? [] };
}

/**
 * Fingerprint of the schema a generated module was built from: a run uses build-time code only for the very
 * schema it validates against (a schema edited after the build is compiled at start instead).
 */
export function schemaHash(schema: unknown): string {
  return createHash('sha256').update(JSON.stringify(schema)).digest('hex');
}
