import type { ValidateFunction } from 'ajv';
import type { JsonSchema } from '../singer/json-schema.js';
import { builtRecordValidators } from '../validation/built.js';
import { recordPlan } from '../validation/plan.js';
import { quickTypes, typeBits } from '../validation/quick-accept.js';
import { compileRecordSchema } from '../validation/runtime.js';

/**
 * One field of a schema checked field by field. Its validator is the build's once `RecordCheck.prepare` has run
 * (ajv standalone code from scripts/build-validators.mjs); until then, or when the build made none for this schema,
 * ajv compiles it here on first use: most declared fields never occur, and compiling them all would slow every start.
 */
export class FieldCheck {
  private validator: ValidateFunction | undefined;
  /** The types a value may plainly have to pass without the validator (src/validation/quick-accept.ts); 0: none. */
  readonly quickTypes: number;

  constructor(
    readonly field: string,
    private readonly schema: JsonSchema,
  ) {
    this.quickTypes = quickTypes(schema);
  }

  use(validator: ValidateFunction): void {
    this.validator = validator;
  }

  /** What is wrong with the field's value, if anything. */
  problem(value: unknown): string | undefined {
    if ((typeBits(value) & this.quickTypes) !== 0) return undefined;
    const validate = (this.validator ??= compileRecordSchema(this.schema));
    if (validate(value)) return undefined;
    const error = validate.errors?.[0];
    return `${this.field}${error?.instancePath ? error.instancePath.replace(/\//g, '.') : ''} ${error?.message ?? 'is invalid'}`;
  }
}

/**
 * A stream's records checked against its schema (src/validation/plan.ts says how): field by field, where the caller
 * walks the record's fields and asks `fields` (StreamOutput does, as it shapes the record in the same pass), then
 * `missing`; or whole, with `checkWhole`. Fields the schema does not know are the caller's to report.
 */
export class RecordCheck {
  /** Set when the schema is checked field by field: the check of each schema property. */
  readonly fields: ReadonlyMap<string, FieldCheck> | undefined;
  /** Field by field: the fields the schema requires (empty when checked whole). */
  readonly required: readonly string[];
  private whole: ValidateFunction | undefined;

  constructor(
    private readonly stream: string,
    private readonly schema: JsonSchema,
  ) {
    const plan = recordPlan(schema);
    this.fields = plan.kind === 'fields' ? new Map(plan.fields.map(([field, fieldSchema]) => [field, new FieldCheck(field, fieldSchema)])) : undefined;
    this.required = plan.kind === 'fields' ? plan.required : [];
  }

  /** Switches to the validators the build compiled from this schema, when there are. */
  async prepare(): Promise<void> {
    const built = await builtRecordValidators(this.stream, this.schema);
    if (!built) return;
    if (this.fields && built.fields) {
      for (const [field, check] of this.fields) {
        const validate = built.fields[field];
        if (validate) check.use(validate);
      }
    } else if (!this.fields && built.whole) {
      this.whole = built.whole;
    }
  }

  /** Field by field: the first required field the record lacks. */
  missing(record: Record<string, unknown>): string | undefined {
    for (const field of this.required) if (record[field] === undefined) return `${field} is required`;
    return undefined;
  }

  /** Whole: what is wrong with the record, if anything. */
  checkWhole(record: Record<string, unknown>): string | undefined {
    const validate = (this.whole ??= compileRecordSchema(this.schema));
    if (validate(record)) return undefined;
    const error = validate.errors?.[0];
    return `${error?.instancePath ? error.instancePath.slice(1).replace(/\//g, '.') : '(record)'} ${error?.message ?? 'is invalid'}`;
  }
}
