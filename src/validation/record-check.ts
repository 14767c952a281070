import type { ErrorObject, ValidateFunction } from 'ajv';
import type { JsonSchema } from '../singer/json-schema.js';
import { compileRecordSchema } from './ajv.js';

/** A stream's records checked against its schema, compiled once when the check is made. */
export class RecordCheck {
  private readonly validate: ValidateFunction;

  constructor(schema: JsonSchema) {
    this.validate = compileRecordSchema(schema);
  }

  /** What is wrong with the record, if anything, in one phrase: `item_tax.0.tax_amount must be string`, `id is required`. */
  problem(record: object): string | undefined {
    if (this.validate(record)) return undefined;
    const error = this.validate.errors?.[0];
    return error ? describe(error) : '(record) is invalid';
  }
}

function describe(error: ErrorObject): string {
  const path = error.instancePath.slice(1).replace(/\//g, '.');
  if (error.keyword === 'required') {
    const missing = (error.params as { missingProperty: string }).missingProperty;
    return `${path ? `${path}.` : ''}${missing} is required`;
  }
  return `${path || '(record)'} ${error.message ?? 'is invalid'}`;
}
