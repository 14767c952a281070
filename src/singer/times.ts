import type { JsonSchema } from './json-schema.js';

/**
 * Time fields, from one source of truth: the stream schemas. A property the source sends as integer Unix seconds
 * carries the annotation `"x-unix-seconds": true` in schemas/<stream>.json (which describe the records as the
 * source sends them). Everything else derives from that mark: the schema a SCHEMA message announces in each
 * `time_format`, the paths the record shaper converts (src/singer/record-shape.ts), and the README's list of timestamp columns.
 *
 * - `rfc3339` (default): the value goes out as an RFC 3339 UTC string (`2024-03-01T12:00:00Z`) and its schema is
 *   `type: string` + `format: date-time`, which SQL targets load as a timestamp column.
 * - `unix`: the value goes out as the source sent it, and the schema stays an integer.
 */
export const UNIX_SECONDS = 'x-unix-seconds';

export const TIME_FORMATS = ['rfc3339', 'unix'] as const;
export type TimeFormat = (typeof TIME_FORMATS)[number];

/** Where time values sit in a record: a property name per step; `[]` steps into every element of an array. */
export type TimePath = readonly string[];
export const EACH = '[]';

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const MIN_SECONDS = -62_167_219_200; // 0000-01-01T00:00:00Z
const MAX_SECONDS = 253_402_300_799; // 9999-12-31T23:59:59Z

/**
 * Whole Unix seconds as RFC 3339 UTC without fractions (`2024-03-01T12:00:00Z`); undefined outside years
 * 0000-9999 (RFC 3339 has four-digit years; Date would write six digits and a sign) or for a fraction.
 */
export function secondsToRfc3339(seconds: number): string | undefined {
  if (!Number.isInteger(seconds) || seconds < MIN_SECONDS || seconds > MAX_SECONDS) return undefined;
  return `${new Date(seconds * 1000).toISOString().slice(0, 19)}Z`;
}

function toStringType(type: JsonSchema['type']): string | string[] {
  if (Array.isArray(type)) return type.map((t) => (t === 'integer' || t === 'number' ? 'string' : t));
  return 'string';
}

function describeUnix(description: unknown): string {
  const text = typeof description === 'string' ? description.trim() : '';
  return text ? `${text.replace(/\.?$/, '.')} Unix seconds.` : 'Unix seconds.';
}

/**
 * The schema as a SCHEMA message announces it in `format`: every annotated node rewritten (rfc3339) or left an
 * integer (unix), the annotation itself removed either way (it describes the source, not the output).
 */
export function emittedSchema(schema: JsonSchema, format: TimeFormat): JsonSchema {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!isObject(node)) return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === UNIX_SECONDS) continue;
      // Only the schema positions that hold sub-schemas are walked; `properties` maps names to sub-schemas.
      if (key === 'properties' && isObject(value)) {
        out[key] = Object.fromEntries(Object.entries(value).map(([name, child]) => [name, walk(child)]));
      } else if (key === 'items' || key === 'anyOf' || key === 'additionalProperties') {
        out[key] = walk(value);
      } else {
        out[key] = value;
      }
    }
    if (node[UNIX_SECONDS] !== true) return out;
    if (format === 'unix') return { ...out, description: describeUnix(out.description) };
    return { ...out, type: toStringType(out.type as JsonSchema['type']), format: 'date-time' };
  };
  return walk(schema) as JsonSchema;
}

/** Every annotated node of a stream schema, as a path from the record's top level. */
export function timePaths(schema: JsonSchema): TimePath[] {
  const paths: TimePath[] = [];
  const walk = (node: JsonSchema, path: string[]): void => {
    if (node[UNIX_SECONDS] === true && path.length > 0) paths.push(path);
    for (const [name, child] of Object.entries(node.properties ?? {})) walk(child, [...path, name]);
    if (isObject(node.items)) walk(node.items as JsonSchema, [...path, EACH]);
    for (const branch of (node.anyOf as JsonSchema[] | undefined) ?? []) walk(branch, path);
  };
  walk(schema, []);
  return paths;
}

/**
 * A copy of `value` with the time at `path` (below it) converted; objects and arrays on the way are copied, not
 * changed, so the source's objects stay as they came. Values that are not numbers (null, absent) stay as they are.
 * Returns the first problem instead when a number cannot be a time.
 */
export function convertAt(value: unknown, path: TimePath, depth = 0): { value: unknown; problem?: string } {
  if (depth === path.length) {
    if (typeof value !== 'number') return { value };
    const text = secondsToRfc3339(value);
    return text === undefined ? { value, problem: `${path.join('.')} is not a time in Unix seconds (got ${value})` } : { value: text };
  }
  const step = path[depth]!;
  if (step === EACH) {
    if (!Array.isArray(value)) return { value };
    const copy: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const converted = convertAt(value[i], path, depth + 1);
      if (converted.problem) return converted;
      copy[i] = converted.value;
    }
    return { value: copy };
  }
  if (!isObject(value) || value[step] === undefined) return { value };
  const converted = convertAt(value[step], path, depth + 1);
  if (converted.problem) return converted;
  return { value: { ...value, [step]: converted.value } };
}
