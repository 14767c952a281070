import type { ValidateFunction } from 'ajv';
import type { JsonSchema } from '../singer/json-schema.js';
import { builtRecordValidators, type BuiltRecordValidators } from '../validation/built.js';
import { recordPlan } from '../validation/plan.js';
import { compileRecordSchema } from '../validation/runtime.js';

/** What is wrong with one field's value, if anything. */
type FieldCheck = (value: unknown) => string | undefined;

function fieldCheck(field: string, validator: () => ValidateFunction): FieldCheck {
  return (value) => {
    const validate = validator();
    if (validate(value)) return undefined;
    const error = validate.errors?.[0];
    return `${field}${error?.instancePath ? error.instancePath.replace(/\//g, '.') : ''} ${error?.message ?? 'is invalid'}`;
  };
}

/**
 * A stream's records checked against its schema (src/validation/plan.ts says how: field by field, or whole).
 * The validators are the build's (`prepare`, ajv standalone code from scripts/build-validators.mjs); until they are
 * loaded, or when the build made none for this schema, ajv compiles them here, each on first use: most declared
 * fields never occur, and compiling them all would slow every start.
 */
export class RecordCheck {
  private fields: Map<string, FieldCheck> | undefined;
  private readonly required: readonly string[];
  private whole: (() => ValidateFunction) | undefined;

  constructor(
    private readonly stream: string,
    private readonly schema: JsonSchema,
    /** Called for every field the schema does not know (the caller reports each once). */
    private readonly unknownField: (field: string) => void,
  ) {
    const plan = recordPlan(schema);
    if (plan.kind === 'whole') {
      let validate: ValidateFunction | undefined;
      this.whole = () => (validate ??= compileRecordSchema(schema));
      this.required = [];
      return;
    }
    this.required = plan.required;
    this.fields = new Map(
      plan.fields.map(([field, fieldSchema]) => {
        let validate: ValidateFunction | undefined;
        return [field, fieldCheck(field, () => (validate ??= compileRecordSchema(fieldSchema)))] as const;
      }),
    );
  }

  /** Switches to the validators the build compiled from this schema, when there are. */
  async prepare(): Promise<void> {
    const built = await builtRecordValidators(this.stream, this.schema);
    if (built) this.use(built);
  }

  private use(built: BuiltRecordValidators): void {
    if (this.fields && built.fields) {
      const validators = built.fields;
      for (const field of this.fields.keys()) {
        const validate = validators[field];
        if (validate) this.fields.set(field, fieldCheck(field, () => validate));
      }
    } else if (this.whole && built.whole) {
      const validate = built.whole;
      this.whole = () => validate;
    }
  }

  /**
   * What is wrong with the record, if anything. Fields the schema does not know pass through (no field the API
   * returns is dropped; the schemas allow additional properties) and go to `unknownField`.
   */
  check(record: Record<string, unknown>): string | undefined {
    const fields = this.fields;
    if (!fields) {
      const known = this.schema.properties ?? {};
      for (const field in record) if (!Object.hasOwn(known, field)) this.unknownField(field);
      const validate = this.whole!();
      if (validate(record)) return undefined;
      const error = validate.errors?.[0];
      return `${error?.instancePath ? error.instancePath.slice(1).replace(/\//g, '.') : '(record)'} ${error?.message ?? 'is invalid'}`;
    }
    for (const field in record) {
      const value = record[field];
      if (value === undefined) continue; // not serialized, so not part of the record
      const check = fields.get(field);
      if (!check) {
        this.unknownField(field);
        continue;
      }
      const problem = check(value);
      if (problem) return problem;
    }
    for (const field of this.required) if (record[field] === undefined) return `${field} is required`;
    return undefined;
  }
}
