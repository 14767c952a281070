import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { requireBuildOutput } from '../build-output.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { SETTINGS_MODULE_FILE, streamModuleFile } from './files.js';
import { schemaHash } from './plan.js';

/** What scripts/build-validators.mjs writes for a stream schema: per-field validators, or one for the whole record. */
export interface BuiltRecordValidators {
  fields: Readonly<Record<string, ValidateFunction>> | undefined;
  whole: ValidateFunction | undefined;
}

/**
 * The module the build compiled from `schema`, or undefined when there is none or it was compiled from another
 * schema (edited since the build): the caller then compiles at start, as a tap without a build step would.
 */
async function builtModule<T>(file: string, schema: unknown): Promise<T | undefined> {
  const path = join(PACKAGE_ROOT, file);
  if (!existsSync(path)) return undefined;
  const loaded = requireBuildOutput<T & { schemaHash?: string }>(path);
  return loaded.schemaHash === schemaHash(schema) ? loaded : undefined;
}

export function builtRecordValidators(stream: string, schema: unknown): Promise<BuiltRecordValidators | undefined> {
  return builtModule<BuiltRecordValidators>(streamModuleFile(stream), schema);
}

export async function builtSettingsValidator(schema: object): Promise<ValidateFunction | undefined> {
  return (await builtModule<{ settings: ValidateFunction }>(SETTINGS_MODULE_FILE, schema))?.settings;
}
