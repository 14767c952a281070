/**
 * singer-check-tap's date-time rule, carried over to TypeScript for tests (singer-io/singer-tools,
 * singertools/check_tap.py: `extend_with_default`, whose inner `set_defaults` replaces the Draft 4 `properties`
 * validator). For every schema node with `properties` that a value is validated against — the record, and below it
 * wherever jsonschema descends (`properties` of an object value, `items` of an array, `anyOf` branches until one
 * fits) — it first descends as usual, then, for each property whose schema has `format: date-time`, calls
 * `instance.get(prop)`: on a value that is not an object (null above all) Python raises AttributeError and the tool
 * dies; a present non-null value must parse with strict_rfc3339 and fit a Python datetime (years 1-9999).
 */
type Json = Record<string, unknown>;
interface Node {
  type?: string | string[];
  format?: string;
  properties?: Record<string, Node>;
  items?: Node | Node[];
  anyOf?: Node[];
}

const isDict = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);
const STRICT_RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Python's name for the type of a JSON value, as AttributeError says it. */
const pythonType = (value: unknown): string =>
  value === null ? 'NoneType' : Array.isArray(value) ? 'list' : typeof value === 'string' ? 'str' : typeof value === 'boolean' ? 'bool' : Number.isInteger(value) ? 'int' : 'float';

function parsesAsDateTime(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const match = STRICT_RFC3339.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  return year >= 1 && !Number.isNaN(Date.parse(value));
}

/** Whether `value` has one of `node`'s types (jsonschema's `type` check; no type: anything). */
function typeFits(node: Node, value: unknown): boolean {
  const types = node.type === undefined ? [] : ([] as string[]).concat(node.type);
  if (types.length === 0) return true;
  return types.some((type) =>
    type === 'null' ? value === null
    : type === 'object' ? isDict(value)
    : type === 'array' ? Array.isArray(value)
    : type === 'integer' ? Number.isInteger(value)
    : type === 'number' ? typeof value === 'number'
    : typeof value === type,
  );
}

function visit(node: Node, value: unknown, path: string): string | undefined {
  if (node.properties) {
    if (isDict(value)) {
      for (const [prop, child] of Object.entries(node.properties)) {
        if (prop in value) {
          const problem = visit(child, value[prop], `${path}.${prop}`);
          if (problem) return problem;
        }
      }
    }
    for (const [prop, child] of Object.entries(node.properties)) {
      if (child.format !== 'date-time') continue;
      if (!isDict(value)) return `${path}: AttributeError: '${pythonType(value)}' object has no attribute 'get' (date-time property "${prop}")`;
      const inner = value[prop];
      if (inner !== null && inner !== undefined && !parsesAsDateTime(inner)) return `${path}.${prop}: Error parsing property ${prop}, value ${String(inner)}`;
    }
  }
  if (Array.isArray(value) && node.items && !Array.isArray(node.items)) {
    for (let i = 0; i < value.length; i++) {
      const problem = visit(node.items, value[i], `${path}[${i}]`);
      if (problem) return problem;
    }
  }
  for (const branch of node.anyOf ?? []) {
    const problem = visit(branch, value, path);
    if (problem) return problem;
    if (typeFits(branch, value)) break; // jsonschema stops at the first branch without errors
  }
  return undefined;
}

/** What singer-check-tap would die of on this RECORD under this SCHEMA; undefined when it accepts the record. */
export function checkTapProblem(schema: object, record: Json): string | undefined {
  return visit(schema as Node, record, 'record');
}
