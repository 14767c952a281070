import { Ajv, type ValidateFunction } from 'ajv';
import { TapError, EXIT } from '../errors.js';
import type { Logger } from '../log.js';
import { recordLine, schemaMessage } from '../singer/messages.js';
import type { StreamSelection } from '../singer/selection.js';
import type { SingerWriter } from '../singer/writer.js';
import { streamSchema, type JsonSchema } from '../streams/schemas.js';
import type { RecordsByStream } from '../generated/records.js';
import { STREAMS, type StreamName } from '../streams/table.js';

const ajv = new Ajv({ allErrors: false, strict: false });

/** Top-level keywords the per-field validation below reproduces exactly; a schema with others is validated whole. */
const TOP_LEVEL_KEYWORDS = new Set(['$schema', 'title', 'description', 'type', 'properties', 'required', 'additionalProperties']);

type FieldCheck = (value: unknown) => string | undefined;

/**
 * Validation compiled once per stream. Records are validated field by field, over the fields a record has: a
 * whole-record validator reads every property the schema declares, and on TikTok's objects most of those are
 * absent, which is the slowest kind of property lookup. Same rules: each present field against its schema,
 * required fields present; unknown fields are reported apart.
 */
function compileFieldChecks(schema: JsonSchema): { fields: Map<string, FieldCheck>; required: string[] } | undefined {
  if (Object.keys(schema).some((keyword) => !TOP_LEVEL_KEYWORDS.has(keyword)) || schema.type !== 'object') return undefined;
  if (schema.additionalProperties !== undefined && schema.additionalProperties !== true) return undefined;
  const fields = new Map<string, FieldCheck>();
  for (const [field, fieldSchema] of Object.entries(schema.properties ?? {})) {
    // Compiled on first use: most declared fields never occur, and compiling them all would slow every start.
    let validate: ValidateFunction | undefined;
    fields.set(field, (value) => {
      validate ??= ajv.compile(fieldSchema);
      if (validate(value)) return undefined;
      const error = validate.errors?.[0];
      return `${field}${error?.instancePath ? error.instancePath.replace(/\//g, '.') : ''} ${error?.message ?? 'is invalid'}`;
    });
  }
  return { fields, required: schema.required ?? [] };
}

/**
 * Everything between "the API gave us an object" and "a RECORD line is queued" for one stream: validate against
 * the schema (reporting once any field it does not know), keep only the selected fields, write. Also counts
 * records per shop for metrics and the summary.
 */
export class StreamOutput<S extends StreamName = StreamName> {
  readonly name: S;
  readonly emit: boolean;
  private readonly known: Set<string>;
  private readonly keep: Set<string> | undefined;
  private readonly fieldChecks: ReturnType<typeof compileFieldChecks>;
  private readonly validateWhole: ValidateFunction | undefined;
  private readonly unknownReported = new Set<string>();
  readonly counts = new Map<string, number>();
  skipped = 0;

  constructor(
    name: S,
    selection: StreamSelection,
    private readonly writer: SingerWriter,
    private readonly logger: Logger,
    private readonly invalidRecordAction: 'fail' | 'skip',
  ) {
    this.name = name;
    this.emit = selection.emit;
    const schema = streamSchema(name);
    this.known = new Set(Object.keys(schema.properties ?? {}));
    this.keep = selection.fields;
    this.fieldChecks = this.emit ? compileFieldChecks(schema) : undefined;
    this.validateWhole = this.emit && !this.fieldChecks ? ajv.compile(schema) : undefined;
  }

  schemaMessage(): object {
    const schema = streamSchema(this.name);
    const def = STREAMS[this.name];
    let emitted: JsonSchema = schema;
    if (this.keep) {
      const keep = this.keep;
      emitted = {
        ...schema,
        properties: Object.fromEntries(Object.entries(schema.properties ?? {}).filter(([field]) => keep.has(field))),
        required: (schema.required ?? []).filter((field) => keep.has(field)),
      };
    }
    return schemaMessage(this.name, emitted, def.keyProperties, def.replicationKey ? [def.replicationKey] : []);
  }

  /**
   * `record` is typed as what the stream's records are (src/generated/records.ts), but it comes from the API, so
   * it is checked against the schema here before it is written. Returns false when the record was skipped as
   * invalid (invalid_record_action "skip"): its children are then not written either, and its replication key may
   * not become a bookmark. A stream that is not selected writes nothing and refuses nothing (true).
   */
  write(typed: RecordsByStream[S], shopId: string, timeExtracted: string): boolean {
    if (!this.emit) return true;
    const record = typed as unknown as Record<string, unknown>;
    const problem = this.check(record);
    if (problem) {
      const key = STREAMS[this.name].keyProperties.map((k) => `${k}=${String(record[k])}`).join(', ');
      const what = `${this.name} record (${key}) does not fit its schema: ${problem}`;
      if (this.invalidRecordAction === 'skip') {
        this.skipped++;
        this.logger.warn(`${what}; skipped (invalid_record_action is "skip")`);
        return false;
      }
      throw new TapError('RECORD_INVALID', what, {
        hint: 'the API sent something the schema does not allow; set invalid_record_action to "skip" to go on without it, and report it',
        exitCode: EXIT.RECORD,
      });
    }
    if (this.keep) for (const field in record) if (!this.keep.has(field)) delete record[field];
    this.writer.writeLine(recordLine(this.name, record, timeExtracted));
    this.counts.set(shopId, (this.counts.get(shopId) ?? 0) + 1);
    return true;
  }

  /**
   * What is wrong with the record, if anything. Fields the schema does not know pass through (no field the API
   * returns is dropped; the schemas allow additional properties) and are reported once per stream and run.
   */
  private check(record: Record<string, unknown>): string | undefined {
    const checks = this.fieldChecks;
    if (!checks) {
      for (const field in record) if (!this.known.has(field)) this.reportUnknown(field);
      if (this.validateWhole!(record)) return undefined;
      const error = this.validateWhole!.errors?.[0];
      return `${error?.instancePath ? error.instancePath.slice(1).replace(/\//g, '.') : '(record)'} ${error?.message ?? 'is invalid'}`;
    }
    for (const field in record) {
      const value = record[field];
      if (value === undefined) continue; // not serialized, so not part of the record
      const check = checks.fields.get(field);
      if (!check) {
        this.reportUnknown(field);
        continue;
      }
      const problem = check(value);
      if (problem) return problem;
    }
    for (const field of checks.required) if (record[field] === undefined) return `${field} is required`;
    return undefined;
  }

  private reportUnknown(field: string): void {
    if (this.unknownReported.has(field)) return;
    this.unknownReported.add(field);
    this.logger.warn(
      `${this.name}: the API returned field "${field}", which schemas/${this.name}.json does not describe; it is passed through untyped (reported once per run)`,
    );
  }
}
