import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../package-root.js';
import type { JsonSchema } from '../singer/json-schema.js';
import { emittedSchema, type TimeFormat } from '../singer/times.js';

export type { JsonSchema };

const cache = new Map<string, JsonSchema>();
const emittedCache = new Map<string, JsonSchema>();

/**
 * schemas/<stream>.json, read once per process: records as the API sends them (times as annotated Unix seconds,
 * src/singer/times.ts). Validation runs against this. Callers must not mutate the result.
 */
export function streamSchema(stream: string): JsonSchema {
  let schema = cache.get(stream);
  if (!schema) {
    schema = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'schemas', `${stream}.json`), 'utf8')) as JsonSchema;
    cache.set(stream, schema);
  }
  return schema;
}

/** The stream's schema as the tap emits its records in `format` (SCHEMA messages, discovery). Not to be mutated. */
export function outputSchema(stream: string, format: TimeFormat): JsonSchema {
  const key = `${stream}:${format}`;
  let schema = emittedCache.get(key);
  if (!schema) {
    schema = emittedSchema(streamSchema(stream), format);
    emittedCache.set(key, schema);
  }
  return schema;
}
