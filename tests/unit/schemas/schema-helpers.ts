/** Shared by the schema tests: the stream table of the brief, schema loading, and a strict validator. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { STREAMS as STREAM_TABLE } from '../../../src/streams/table.js';
import { UNIX_SECONDS } from '../../../src/singer/times.js';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const SCHEMAS_DIR = join(ROOT, 'schemas');

/** key_properties and replication per stream, from the tap's stream table (the schemas must agree with it). */
export const STREAMS: Record<string, { keys: string[]; incremental: boolean; replicationKey?: string }> = Object.fromEntries(
  Object.values(STREAM_TABLE).map((def) => [
    def.name,
    { keys: def.keyProperties, incremental: def.replicationKey !== undefined, ...(def.replicationKey ? { replicationKey: def.replicationKey } : {}) },
  ]),
);

/** The parts of JSON Schema these files use. */
export interface SchemaNode {
  $schema?: string;
  $ref?: string;
  description?: string;
  type?: string | string[];
  format?: string;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
  anyOf?: SchemaNode[];
  'x-unix-seconds'?: boolean;
}

export interface StreamSchema extends SchemaNode {
  properties: Record<string, SchemaNode>;
  required: string[];
}

export function schemaFiles(): string[] {
  return readdirSync(SCHEMAS_DIR).filter((f) => f.endsWith('.json')).sort();
}

export function loadSchema(stream: string): StreamSchema {
  return JSON.parse(readFileSync(join(SCHEMAS_DIR, `${stream}.json`), 'utf8')) as StreamSchema;
}

export function loadSample(name: string): any {
  return JSON.parse(readFileSync(join(ROOT, 'tests', 'fixtures', 'api-samples', `${name}.json`), 'utf8'));
}

/**
 * The validator configuration the brief names: strict mode, all errors, ajv-formats; the one annotation the
 * schemas add (src/singer/times.ts) is declared, so strict mode still refuses any other unknown keyword.
 */
export function strictAjv(): Ajv {
  const ajv = new Ajv({ strict: true, allErrors: true });
  addFormats.default(ajv);
  ajv.addKeyword({ keyword: UNIX_SECONDS, schemaType: 'boolean' });
  return ajv;
}

const ajv = strictAjv();
const validators = new Map<string, ValidateFunction>();

export function validatorFor(stream: string): ValidateFunction {
  let validate = validators.get(stream);
  if (!validate) {
    validate = ajv.compile(loadSchema(stream));
    validators.set(stream, validate);
  }
  return validate;
}

/** Validation errors as readable lines (empty when the record is valid). */
export function errorsOf(stream: string, record: unknown): string[] {
  const validate = validatorFor(stream);
  if (validate(record)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
}

/** Every property, items and anyOf branch below the root, with a readable path. */
export function* nodes(node: SchemaNode, path: string): Generator<[string, SchemaNode]> {
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    yield [`${path}.${name}`, child];
    yield* nodes(child, `${path}.${name}`);
  }
  if (node.items) {
    yield [`${path}[]`, node.items];
    yield* nodes(node.items, `${path}[]`);
  }
  for (const [i, branch] of (node.anyOf ?? []).entries()) {
    yield [`${path}.anyOf[${i}]`, branch];
    yield* nodes(branch, `${path}.anyOf[${i}]`);
  }
}

const JSON_TYPES = new Set(['string', 'integer', 'number', 'boolean', 'object', 'array', 'null']);

/**
 * The first node that does not declare a usable `type` of its own, or undefined. pipelinewise-target-postgres
 * (db_sync.py flatten_schema) reads a property without `type` as `list(v.values())[0][0]['type']` and crashes.
 */
export function firstUntyped(schema: SchemaNode, name: string): string | undefined {
  for (const [path, node] of nodes(schema, name)) {
    const types = node.type === undefined ? [] : ([] as string[]).concat(node.type);
    if (types.length === 0 || !types.every((t) => JSON_TYPES.has(t))) return path;
  }
  return undefined;
}
