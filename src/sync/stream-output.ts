import { Ajv, type ValidateFunction } from 'ajv';
import { TapError, EXIT } from '../errors.js';
import type { Logger } from '../log.js';
import { recordLine, schemaMessage } from '../singer/messages.js';
import type { StreamSelection } from '../singer/selection.js';
import type { SingerWriter } from '../singer/writer.js';
import { streamSchema, type JsonSchema } from '../streams/schemas.js';
import { STREAMS, type StreamName } from '../streams/table.js';

const ajv = new Ajv({ allErrors: false, strict: false });

/**
 * Everything between "the API gave us an object" and "a RECORD line is queued" for one stream: drop (and
 * report once) fields the schema does not know, validate against the schema compiled once, keep only the
 * selected fields, write. Also counts records per shop for metrics and the summary.
 */
export class StreamOutput {
  readonly name: StreamName;
  readonly emit: boolean;
  private readonly known: Set<string>;
  private readonly keep: Set<string> | undefined;
  private readonly validate: ValidateFunction;
  private readonly unknownReported = new Set<string>();
  readonly counts = new Map<string, number>();
  skipped = 0;

  constructor(
    name: StreamName,
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
    this.validate = ajv.compile(schema);
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

  write(record: Record<string, unknown>, shopId: string, timeExtracted: string): void {
    if (!this.emit) return;
    for (const field in record) {
      if (!this.known.has(field)) {
        if (!this.unknownReported.has(field)) {
          this.unknownReported.add(field);
          this.logger.warn(`${this.name}: the API returned field "${field}", which is not in schemas/${this.name}.json; it is left out (reported once per run)`);
        }
        delete record[field];
      }
    }
    if (!this.validate(record)) {
      const error = this.validate.errors?.[0];
      const key = STREAMS[this.name].keyProperties.map((k) => `${k}=${String(record[k])}`).join(', ');
      const field = error?.instancePath ? error.instancePath.slice(1).replace(/\//g, '.') : '(record)';
      const what = `${this.name} record (${key}) does not fit its schema: ${field} ${error?.message ?? 'is invalid'}`;
      if (this.invalidRecordAction === 'skip') {
        this.skipped++;
        this.logger.warn(`${what}; skipped (invalid_record_action is "skip")`);
        return;
      }
      throw new TapError('RECORD_INVALID', what, {
        hint: 'the API sent something the schema does not allow; set invalid_record_action to "skip" to go on without it, and report it',
        exitCode: EXIT.RECORD,
      });
    }
    if (this.keep) for (const field in record) if (!this.keep.has(field)) delete record[field];
    this.writer.writeLine(recordLine(this.name, record, timeExtracted));
    this.counts.set(shopId, (this.counts.get(shopId) ?? 0) + 1);
  }
}
