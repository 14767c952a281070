import { columnName, FLATTEN_SEPARATOR } from './column-names.js';
import type { JsonSchema } from './json-schema.js';

export { FLATTEN_SEPARATOR };

/**
 * Flattening of nested objects into columns, as the Meltano SDK does it for its `flattening_enabled` /
 * `flattening_max_depth` settings (meltano/sdk, singer_sdk/helpers/_flattening.py: flatten_schema, flatten_record).
 * For targets that take columns from records as they come (target-csv, spreadsheets), where an object column
 * would otherwise hold a different set of sub-keys per row.
 *
 * The SDK's rules, carried over:
 * - Column names join the property names on the way with `__`: `payment.total_amount` becomes `payment__total_amount`.
 * - The depth is zero-based and exclusive: with depth 1 the properties of a top-level object become columns and
 *   objects below them do not; with depth 2 one more level, and so on.
 * - An object with declared `properties`, above the depth, is replaced by its sub-properties' columns, in schema
 *   order. Anything else that is an array, or an object (one below the depth, or one with no declared
 *   properties), becomes one column of type string (`["string", "null"]` when it could be null) holding the value
 *   as JSON text. Other properties keep their schema.
 * - Two properties that flatten to the same column name are an error.
 * - Names too long for a SQL target are shortened, the SDK's way first (src/singer/column-names.ts).
 * - In records, an object value is descended into when its column is not in the flattened schema and the depth
 *   allows; every object or array value that lands in one column is JSON text. Fields the schema does not know
 *   are flattened by the same rule (after the schema's columns). One that lands on a column of the schema
 *   (`payment__total_amount` sent beside `payment.total_amount`), or on one an earlier field took, is left out and
 *   named (onCollision): the schema's column keeps the value it describes.
 *
 * Where this differs from the SDK, so that every record has exactly the flattened schema's columns and fits them:
 * - A null or absent parent object leaves all of its columns null; the SDK writes the parent's own key instead
 *   (`payment: null`), a column its schema does not have. So every column under a parent accepts null.
 * - Every record carries every column (null-filled, schema order), as unflattened records here do.
 * - At depth 0 objects become JSON text in the schema too; the SDK keeps `object` in the schema while its records
 *   carry the JSON text, which a validating target (target-csv) rejects.
 * - JSON text is compact (JSON.stringify), where the SDK's Python dump puts a space after `,` and `:`.
 * - The SDK shortens column names of 255 characters or more; here of 63 bytes or more (src/singer/column-names.ts).
 * - The SDK lets a later field overwrite a column; here the schema's property keeps it (above).
 */

type Plan = Map<string, Step>;
/** A property that is one column (`children` absent), or an object whose sub-properties are columns. */
interface Step {
  column: string;
  /** Property names from the record's top level to this one. */
  path: readonly string[];
  children?: Plan;
}

/** A record field whose column was already taken: `field` is its path, dotted. */
export type CollisionHandler = (column: string, field: string) => void;

const typesOf = (schema: JsonSchema): string[] =>
  schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** `schema` that also accepts null (a column whose parent object was null or absent). */
function nullable(schema: JsonSchema): JsonSchema {
  const types = typesOf(schema);
  const out: JsonSchema = { ...schema };
  if (types.length > 0 && !types.includes('null')) out.type = [...types, 'null'];
  if (Array.isArray(schema.enum) && !schema.enum.includes(null)) out.enum = [...(schema.enum as unknown[]), null];
  const anyOf = schema.anyOf as JsonSchema[] | undefined;
  if (Array.isArray(anyOf) && !anyOf.some((branch) => typesOf(branch).includes('null'))) {
    out.anyOf = [...anyOf, { type: 'null' }];
  }
  return out;
}

export class Flattener {
  /** The schema with nested objects flattened into columns (what the SCHEMA message announces). */
  readonly schema: JsonSchema;
  private readonly plan: Plan;
  /** Every column, null: each record starts as a copy of it, so all share one key order. */
  private readonly template: Record<string, null>;

  /** `schema` is an object schema as records are written (times already in their output form). */
  constructor(
    schema: JsonSchema,
    private readonly maxDepth: number,
  ) {
    const columns: [string, JsonSchema][] = [];
    this.plan = this.planOf(schema.properties ?? {}, [], 0, false, columns);
    const seen = new Set<string>();
    for (const [column] of columns) {
      if (seen.has(column)) throw new Error(`flattening gives two properties the same column name "${column}"`);
      seen.add(column);
    }
    const properties = Object.fromEntries(columns);
    this.schema = { ...schema, properties };
    if (schema.required) this.schema.required = schema.required.filter((field) => field in properties);
    this.template = Object.fromEntries(columns.map(([column]) => [column, null]));
  }

  private planOf(
    properties: Record<string, JsonSchema>,
    parents: readonly string[],
    level: number,
    underParent: boolean,
    columns: [string, JsonSchema][],
  ): Plan {
    const plan: Plan = new Map();
    for (const [name, property] of Object.entries(properties)) {
      const path = [...parents, name];
      const column = columnName(path);
      const types = typesOf(property);
      if (types.includes('object') && property.properties && level < this.maxDepth) {
        plan.set(name, { column, path, children: this.planOf(property.properties, path, level + 1, true, columns) });
        continue;
      }
      plan.set(name, { column, path });
      if (types.includes('array') || types.includes('object')) {
        const text: JsonSchema = { type: types.includes('null') || underParent ? ['string', 'null'] : 'string' };
        if (property.description !== undefined) text.description = property.description;
        columns.push([column, text]);
      } else {
        columns.push([column, underParent ? nullable(property) : property]);
      }
    }
    return plan;
  }

  /**
   * The record with every column of the flattened schema, in its order; a new object (`record` is not changed).
   * A field the schema does not know whose column is taken is left out and passed to `onCollision`.
   */
  record(record: Record<string, unknown>, onCollision?: CollisionHandler): Record<string, unknown> {
    const out: Record<string, unknown> = { ...this.template };
    this.fill(out, record, this.plan, [], 0, onCollision);
    return out;
  }

  private fill(
    out: Record<string, unknown>,
    node: Record<string, unknown>,
    plan: Plan | undefined,
    parents: readonly string[],
    level: number,
    onCollision: CollisionHandler | undefined,
  ): void {
    for (const key in node) {
      const value = node[key];
      if (value === undefined) continue;
      const step = plan?.get(key);
      if (step?.children) {
        // A null parent leaves its columns null; any other non-object cannot pass validation, kept under its own name.
        if (isPlainObject(value)) this.fill(out, value, step.children, step.path, level + 1, onCollision);
        else if (value !== null) out[step.column] = typeof value === 'object' ? JSON.stringify(value) : value;
        continue;
      }
      const path = step ? step.path : [...parents, key];
      if (!step && isPlainObject(value) && level < this.maxDepth) {
        this.fill(out, value, undefined, path, level + 1, onCollision);
        continue;
      }
      const column = step ? step.column : columnName(path);
      // The schema's columns are only written from the properties they describe; other fields take free names.
      if (!step && Object.hasOwn(out, column)) {
        onCollision?.(column, path.join('.'));
        continue;
      }
      out[column] = value !== null && typeof value === 'object' ? JSON.stringify(value) : value;
    }
  }
}
