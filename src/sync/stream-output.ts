import { TapError, EXIT } from '../errors.js';
import type { Logger } from '../log.js';
import type { StreamSelection } from '../singer/selection.js';
import { StreamFormat } from '../singer/stream-format.js';
import type { StreamMeta } from '../singer/stream-set.js';
import type { TimeFormat } from '../singer/times.js';
import type { SingerWriter } from '../singer/writer.js';
import { RecordCheck } from '../validation/record-check.js';

/**
 * The engine's side of one stream's output: each object the API gave is checked against the schema (a field the
 * schema does not know is reported once per run and passed through: the schemas allow additional properties), then
 * written as a RECORD line (src/singer/stream-format.ts shapes and serialises it), and counted per shop for metrics
 * and the summary. A record that does not fit fails the run, or is skipped with invalid_record_action "skip".
 */
export class StreamOutput {
  readonly name: string;
  readonly emit: boolean;
  private readonly format: StreamFormat;
  /** Made (and its schema compiled) only for a selected stream: nothing is checked for a stream that writes nothing. */
  private readonly check: RecordCheck | undefined;
  private readonly unknownReported = new Set<string>();
  private readonly written = new Map<string, number>();
  skipped = 0;

  constructor(
    private readonly def: StreamMeta,
    selection: StreamSelection,
    private readonly writer: SingerWriter,
    private readonly logger: Logger,
    private readonly invalidRecordAction: 'fail' | 'skip',
    timeFormat: TimeFormat = 'rfc3339',
    /** flattening_max_depth when flattening_enabled is true; undefined leaves nested objects as they came. */
    flatteningMaxDepth?: number,
  ) {
    this.name = def.name;
    this.emit = selection.emit;
    this.format = new StreamFormat(def, { fields: selection.fields, timeFormat, flatteningMaxDepth, warn: (message) => logger.warn(message) });
    this.check = this.emit ? new RecordCheck(def.schema()) : undefined;
  }

  schemaMessage(): object {
    return this.format.schemaMessage();
  }

  /**
   * `record` is typed as what the stream's records are (src/generated/records.ts), but it comes from the API, so
   * it is checked against the schema here before it is written. Returns false when the record was skipped as
   * invalid (invalid_record_action "skip"): its children are then not written either, and its replication key may
   * not become a bookmark. A stream that is not selected writes nothing and refuses nothing (true).
   */
  write(typed: object, shopId: string, timeExtracted: string): boolean {
    if (!this.emit) return true;
    const record = typed as Record<string, unknown>;
    for (const field of this.format.unknownFields(record)) this.reportUnknown(field);
    const problem = this.check!.problem(record);
    const out = problem === undefined ? this.format.recordLine(record, timeExtracted) : { problem };
    if ('problem' in out) return this.refuse(record, out.problem);
    this.writer.writeLine(out.line);
    this.written.set(shopId, (this.written.get(shopId) ?? 0) + 1);
    return true;
  }

  /** Records written per shop so far. */
  get counts(): ReadonlyMap<string, number> {
    return this.written;
  }

  private refuse(record: Record<string, unknown>, problem: string): false {
    const key = this.def.keyProperties.map((k) => `${k}=${String(record[k])}`).join(', ');
    const what = `${this.name} record (${key}) does not fit its schema: ${problem}`;
    if (this.invalidRecordAction === 'fail') {
      throw new TapError('RECORD_INVALID', what, {
        hint: 'the API sent something the schema does not allow; set invalid_record_action to "skip" to go on without it, and report it',
        exitCode: EXIT.RECORD,
      });
    }
    this.skipped++;
    this.logger.warn(`${what}; skipped (invalid_record_action is "skip")`);
    return false;
  }

  private reportUnknown(field: string): void {
    if (this.unknownReported.has(field)) return;
    this.unknownReported.add(field);
    this.logger.warn(
      `${this.name}: the API returned field "${field}", which schemas/${this.name}.json does not describe; it is passed through untyped (reported once per run)`,
    );
  }
}
