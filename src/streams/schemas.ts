import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../package-root.js';
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

/** schemas/<stream>.json, read once per process. Callers must not mutate the result. */
export function streamSchema(stream: StreamName): JsonSchema {
  let schema = cache.get(stream);
  if (!schema) {
    schema = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'schemas', `${stream}.json`), 'utf8')) as JsonSchema;
    cache.set(stream, schema);
  }
  return schema;
}
