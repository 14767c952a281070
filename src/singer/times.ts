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
 *
 * A few times come as Unix seconds in a string (`"1719878400"`, `""` when there is none: the annotated node's type is
 * then `string`, docs/tiktok-shop-api.md §9.6). They go out like every other time: an RFC 3339 string, or the
 * integer under `unix`, and null for the empty string, so a target gets one column type for every time.
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

/** The integer type of a time the source sends as a string of seconds (`unix` writes it as an integer). */
function toIntegerType(type: JsonSchema['type']): string | string[] {
  if (Array.isArray(type)) return type.map((t) => (t === 'string' ? 'integer' : t));
  return 'integer';
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
    if (format === 'unix') return { ...out, type: toIntegerType(out.type as JsonSchema['type']), description: describeUnix(out.description) };
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

const SECONDS_TEXT = /^-?\d{1,15}$/;

/**
 * One time value as `format` writes it, or what keeps it from being written. Numbers are the source's Unix seconds;
 * a string is seconds as text (empty: no time, null). Null stays null; under `unix` numbers stay as sent.
 */
export function outputTime(value: unknown, format: TimeFormat, where: string): { value: unknown; problem?: string } {
  let seconds = value;
  if (typeof value === 'string') {
    if (value === '') return { value: null };
    if (!SECONDS_TEXT.test(value)) return { value, problem: `${where} is not a time in Unix seconds (got ${JSON.stringify(value.slice(0, 40))})` };
    seconds = Number(value);
  }
  if (typeof seconds !== 'number') return { value };
  if (format === 'unix') return { value: seconds };
  const text = secondsToRfc3339(seconds);
  return text === undefined ? { value, problem: `${where} is not a time in Unix seconds (got ${String(value)})` } : { value: text };
}

/**
 * A copy of `value` with the time at `path` (below it) written as `format` writes it (outputTime); objects and
 * arrays on the way are copied, not changed, so the source's objects stay as they came. Absent values stay absent.
 * Returns the first problem instead when a value cannot be a time.
 */
export function convertAt(value: unknown, path: TimePath, format: TimeFormat, depth = 0): { value: unknown; problem?: string } {
  if (depth === path.length) return outputTime(value, format, path.join('.'));
  const step = path[depth]!;
  if (step === EACH) {
    if (!Array.isArray(value)) return { value };
    const copy: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const converted = convertAt(value[i], path, format, depth + 1);
      if (converted.problem) return converted;
      copy[i] = converted.value;
    }
    return { value: copy };
  }
  if (!isObject(value) || value[step] === undefined) return { value };
  const converted = convertAt(value[step], path, format, depth + 1);
  if (converted.problem) return converted;
  return { value: { ...value, [step]: converted.value } };
}
