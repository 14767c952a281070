import { createRequire } from 'node:module';
import type { Ajv as AjvClass, ValidateFunction } from 'ajv';
import type { JsonSchema } from '../singer/json-schema.js';
import { RECORD_AJV_OPTIONS, SETTINGS_AJV_OPTIONS, SETTINGS_KEYWORDS } from './plan.js';

/**
 * Validators compiled at start, by ajv itself: what a run uses when the build made no code for a schema (a schema
 * edited since the build, a test's own schema). Ajv is loaded only then, so a built tap never loads it.
 */
let modules: { Ajv: typeof AjvClass } | undefined;
const ajvModule = (): { Ajv: typeof AjvClass } => (modules ??= createRequire(import.meta.url)('ajv') as { Ajv: typeof AjvClass });

let recordAjv: AjvClass | undefined;

export function compileRecordSchema(schema: JsonSchema): ValidateFunction {
  recordAjv ??= new (ajvModule().Ajv)({ ...RECORD_AJV_OPTIONS });
  return recordAjv.compile(schema);
}

export function compileSettingsSchema(schema: object): ValidateFunction {
  const ajv = new (ajvModule().Ajv)({ ...SETTINGS_AJV_OPTIONS });
  for (const keyword of SETTINGS_KEYWORDS) ajv.addKeyword({ ...keyword });
  return ajv.compile(schema);
}
