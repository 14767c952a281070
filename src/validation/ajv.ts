import { Ajv, type ValidateFunction } from 'ajv';
import type { JsonSchema } from '../singer/json-schema.js';

/**
 * The one validation path: ajv compiles each schema when a run starts (the settings schema, and the schema of each
 * selected stream only), and nothing is compiled at build time.
 */

/**
 * ajv's code optimisation passes cost more at start than they save: every run compiles its schemas once and then
 * validates a few thousand records, and without them compiling takes about a third less CPU with the same
 * validation results (bench/RESULTS.md, "Guard against c48adbe").
 */
const CODE = { optimize: false } as const;

/**
 * The schemas are the tap's own files, checked against JSON Schema's meta-schema by the unit tests
 * (tests/unit/validation/schemas-are-valid.test.ts); checking them again on every run would compile the meta-schema
 * first, about as much CPU as compiling the schemas themselves.
 */
const VALIDATE_SCHEMA = false;

/** Records: the first error only; annotations such as `x-unix-seconds` are not errors (strict off). */
const recordAjv = new Ajv({ allErrors: false, strict: false, validateSchema: VALIDATE_SCHEMA, code: CODE });

export function compileRecordSchema(schema: JsonSchema): ValidateFunction {
  return recordAjv.compile(schema);
}

/** Settings: every error, defaults filled in, the value kept for the message; `secret` is an annotation redaction reads. */
export function compileSettingsSchema(schema: object): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: true, verbose: true, validateSchema: VALIDATE_SCHEMA, code: CODE });
  ajv.addKeyword({ keyword: 'secret', schemaType: 'boolean' });
  return ajv.compile(schema);
}
