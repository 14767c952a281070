/**
 * Every schema loads in the targets people use. The rules come from the targets' own code:
 * - pipelinewise-target-postgres (target_postgres/db_sync.py, flatten_schema): a property without a `type` key is
 *   read as `list(v.values())[0][0]['type']`, which crashes on anything but its own odd shape; so every property,
 *   at every depth, declares `type` itself. column_type() then maps a `type` containing object/array to jsonb,
 *   `format: date-time` to a timestamp, integer to numeric, and strings to character varying.
 * - Those rules hold for the schemas as written (schemas/) and as emitted in each time_format.
 */
import { emittedSchema, TIME_FORMATS, UNIX_SECONDS } from '../../../src/singer/times.js';
import type { JsonSchema } from '../../../src/streams/schemas.js';
import { STREAMS, firstUntyped, loadSchema, nodes, strictAjv, type SchemaNode } from './schema-helpers.js';

const streams = Object.keys(STREAMS).sort();

/** Integers named like times that are not Unix seconds (docs/tiktok-shop-api.md says what they are). */
const NOT_UNIX_SECONDS = new Set([
  'products.scheduled_sale.schedule_sale_time', // the sample value looks like milliseconds
  'product_skus.inventory[].handling_time', // how long a warehouse takes, not a point in time (no unit documented)
]);

/** A node without its sub-schemas, to compare one level at a time. */
const own = ({ properties: _p, items: _i, anyOf: _a, ...rest }: SchemaNode): SchemaNode => rest;

/** pipelinewise-target-postgres column_type(), as its source reads (the order of its checks matters). */
function postgresColumn(property: SchemaNode & { maximum?: number }): string {
  const type = ([] as string[]).concat(property.type ?? []);
  if (type.includes('object') || type.includes('array')) return 'jsonb';
  if (property.format === 'date-time') return 'timestamp without time zone';
  if (type.includes('number')) return 'double precision';
  if (type.includes('integer') && type.includes('string')) return 'character varying';
  if (type.includes('integer')) return 'numeric';
  if (type.includes('boolean')) return 'boolean';
  return 'character varying';
}

test('the check finds an untyped property at any depth, naming it', () => {
  const bad: SchemaNode = {
    type: 'object',
    properties: { a: { type: 'string' }, b: { type: ['object', 'null'], properties: { c: { anyOf: [{ type: 'string' }, { type: 'null' }] } } } },
  };
  expect(firstUntyped(bad, 'x')).toBe('x.b.c');
  expect(firstUntyped({ type: 'object', properties: { a: { type: 'array', items: {} } } }, 'x')).toBe('x.a[]');
  expect(firstUntyped({ type: 'object', properties: { a: { type: ['array', 'null'], items: { type: 'string' } } } }, 'x')).toBeUndefined();
});

describe.each(streams)('%s', (stream) => {
  const source = loadSchema(stream);

  test.each(['schemas/', ...TIME_FORMATS.map((f) => `time_format ${f}`)])('every property at every depth declares a type (%s)', (form) => {
    const schema = form === 'schemas/' ? source : (emittedSchema(source as JsonSchema, form.split(' ')[1] as 'rfc3339' | 'unix') as SchemaNode);
    expect(firstUntyped(schema, stream)).toBeUndefined();
  });

  test('Unix-seconds times are annotated integers, and every integer *_time / *_date / deadline is annotated', () => {
    for (const [path, node] of nodes(source, stream)) {
      const types = ([] as string[]).concat(node.type ?? []);
      // Integer seconds, or seconds sent as text (a string type; src/singer/times.ts converts both).
      if (node[UNIX_SECONDS]) expect([['integer'], ['string']]).toContainEqual(types.filter((t) => t !== 'null'));
      const looksLikeTime = /(_time|_date|^deadline)$/.test(path.split('.').at(-1)!) && !NOT_UNIX_SECONDS.has(path);
      if (looksLikeTime && types.includes('integer')) expect([path, node[UNIX_SECONDS]]).toEqual([path, true]);
    }
  });

  test('emitted with time_format rfc3339, times are date-time strings and load as timestamps; unix keeps integers', () => {
    const rfc = emittedSchema(source as JsonSchema, 'rfc3339') as SchemaNode;
    const unix = emittedSchema(source as JsonSchema, 'unix') as SchemaNode;
    expect(() => strictAjv().compile(rfc)).not.toThrow();
    expect(() => strictAjv().compile(unix)).not.toThrow();
    expect(JSON.stringify(rfc)).not.toContain(UNIX_SECONDS);
    expect(JSON.stringify(unix)).not.toContain(UNIX_SECONDS);
    const before = new Map(nodes(source, stream));
    for (const [path, node] of nodes(rfc, stream)) {
      const original = before.get(path)!;
      if (original[UNIX_SECONDS]) {
        expect([path, node.format, postgresColumn(node)]).toEqual([path, 'date-time', 'timestamp without time zone']);
        expect(([] as string[]).concat(node.type!).includes('null')).toBe(([] as string[]).concat(original.type!).includes('null'));
      } else {
        expect([path, own(node)]).toEqual([path, own(original)]);
      }
    }
    for (const [path, node] of nodes(unix, stream)) {
      const original = before.get(path)!;
      const integer = ([] as string[]).concat(original.type!).map((t) => (t === 'string' ? 'integer' : t));
      if (original[UNIX_SECONDS]) expect([path, ([] as string[]).concat(node.type!), node.format]).toEqual([path, integer, undefined]);
    }
  });

  test('in a SQL target, key ids are text, and a column is JSON exactly when it describes nested content', () => {
    const rfc = emittedSchema(source as JsonSchema, 'rfc3339') as SchemaNode;
    // A day report's key holds its day (the replication key): a timestamp column; every id is text.
    for (const key of STREAMS[stream]!.keys) expect(postgresColumn(rfc.properties![key]!)).toBe(key === STREAMS[stream]!.replicationKey ? 'timestamp without time zone' : 'character varying');
    // Nested content is judged by `properties`/`items` (or an object passed as sent, `additionalProperties: true`),
    // not by `type`, which is what decides the column: a nested value declared as a string would load as text.
    for (const [name, property] of Object.entries(rfc.properties!)) {
      const freeForm = (property as { additionalProperties?: unknown }).additionalProperties === true && [property.type].flat().includes('object');
      const nested = property.properties !== undefined || property.items !== undefined || freeForm;
      expect([name, postgresColumn(property) === 'jsonb']).toEqual([name, nested]);
    }
  });
});
