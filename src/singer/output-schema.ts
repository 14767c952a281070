import type { JsonSchema } from './json-schema.js';
import { emittedSchema, type TimeFormat } from './times.js';

/**
 * A stream's schema as its records go out, before any flattening: the selected top-level properties only (all of
 * them when `fields` is undefined), times in the form `timeFormat` gives them (src/singer/times.ts).
 */
export function selectedSchema(schema: JsonSchema, fields: ReadonlySet<string> | undefined, timeFormat: TimeFormat): JsonSchema {
  const emitted = emittedSchema(schema, timeFormat);
  if (!fields) return emitted;
  return {
    ...emitted,
    properties: Object.fromEntries(Object.entries(emitted.properties ?? {}).filter(([field]) => fields.has(field))),
    required: (emitted.required ?? []).filter((field) => fields.has(field)),
  };
}
