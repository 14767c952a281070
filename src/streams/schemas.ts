import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../package-root.js';
import { emittedSchema, type TimeFormat } from '../singer/times.js';
import type { StreamName } from './table.js';

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  description?: string;
  selected?: boolean;
  [key: string]: unknown;
}

const cache = new Map<StreamName, JsonSchema>();
const emittedCache = new Map<string, JsonSchema>();

/**
 * schemas/<stream>.json, read once per process: records as the API sends them (times as annotated Unix seconds,
 * src/singer/times.ts). Validation runs against this. Callers must not mutate the result.
 */
export function streamSchema(stream: StreamName): JsonSchema {
  let schema = cache.get(stream);
  if (!schema) {
    schema = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'schemas', `${stream}.json`), 'utf8')) as JsonSchema;
    cache.set(stream, schema);
  }
  return schema;
}

/** The stream's schema as the tap emits its records in `format` (SCHEMA messages, discovery). Not to be mutated. */
export function outputSchema(stream: StreamName, format: TimeFormat): JsonSchema {
  const key = `${stream}:${format}`;
  let schema = emittedCache.get(key);
  if (!schema) {
    schema = emittedSchema(streamSchema(stream), format);
    emittedCache.set(key, schema);
  }
  return schema;
}
