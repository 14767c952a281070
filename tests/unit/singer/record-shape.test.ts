import type { JsonSchema } from '../../../src/singer/json-schema.js';
import { RecordShaper } from '../../../src/singer/record-shape.js';
import { emittedSchema } from '../../../src/singer/times.js';
import { streamSchema } from '../../../src/streams/schemas.js';

const schema: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    update_time: { type: 'integer', 'x-unix-seconds': true },
    note: { type: ['string', 'null'] },
    events: { type: ['array', 'null'], items: { type: 'object', properties: { at: { type: 'integer', 'x-unix-seconds': true } } } },
  },
};

test('every column in schema order, null where absent or undefined, unknown fields after, in the record\'s order', () => {
  const shaper = new RecordShaper(schema, undefined, 'unix');
  const shaped = shaper.shape({ zeta: 1, note: undefined, id: 'a', alpha: false });
  expect(JSON.stringify(shaped)).toBe('{"id":"a","update_time":null,"note":null,"events":null,"zeta":1,"alpha":false}');
});

test('with a selection only the selected columns, and no unknown fields', () => {
  const shaper = new RecordShaper(schema, new Set(['note', 'id']), 'rfc3339');
  expect(JSON.stringify(shaper.shape({ id: 'a', update_time: 5, extra: 1 }))).toBe('{"id":"a","note":null}');
});

test('rfc3339 converts times at the top level and inside arrays, and leaves the source object as it was', () => {
  const record = { id: 'a', update_time: 1_700_000_000, events: [{ at: 0 }, { at: null }] };
  const copy = structuredClone(record);
  const shaped = new RecordShaper(schema, undefined, 'rfc3339').shape(record);
  expect(shaped).toEqual({ id: 'a', update_time: '2023-11-14T22:13:20Z', note: null, events: [{ at: '1970-01-01T00:00:00Z' }, { at: null }] });
  expect(record).toEqual(copy);
});

test('a time no RFC 3339 string can hold is named, at the top level and nested', () => {
  const shaper = new RecordShaper(schema, undefined, 'rfc3339');
  expect(shaper.shape({ id: 'a', update_time: 1e15 })).toBe('update_time is not a time in Unix seconds (got 1000000000000000)');
  expect(shaper.shape({ id: 'a', events: [{ at: -1e13 }] })).toBe('events.[].at is not a time in Unix seconds (got -10000000000000)');
});

test('unknownFields lists the fields the schema does not describe, undefined values left out', () => {
  expect(new RecordShaper(schema, undefined, 'unix').unknownFields({ id: 'a', x: 1, y: undefined, note: null })).toEqual(['x']);
});

describe('a time sent as Unix seconds in a string (statement_transactions.estimated_release_time)', () => {
  const textTime: JsonSchema = {
    type: 'object',
    properties: { id: { type: 'string' }, release: { type: ['string', 'null'], 'x-unix-seconds': true } },
  };

  test('rfc3339 writes it as every other time, and the empty string (no time) as null', () => {
    const shaper = new RecordShaper(textTime, undefined, 'rfc3339');
    expect(shaper.shape({ id: 'a', release: '1719878400' })).toEqual({ id: 'a', release: '2024-07-02T00:00:00Z' });
    expect(shaper.shape({ id: 'a', release: '' })).toEqual({ id: 'a', release: null });
    expect(shaper.shape({ id: 'a', release: null })).toEqual({ id: 'a', release: null });
  });

  test('unix writes the integer, as for every other time', () => {
    const shaper = new RecordShaper(textTime, undefined, 'unix');
    expect(shaper.shape({ id: 'a', release: '1719878400' })).toEqual({ id: 'a', release: 1719878400 });
    expect(shaper.shape({ id: 'a', release: '' })).toEqual({ id: 'a', release: null });
  });

  test('text that is not seconds is named', () => {
    expect(new RecordShaper(textTime, undefined, 'rfc3339').shape({ id: 'a', release: 'soon' })).toBe('release is not a time in Unix seconds (got "soon")');
  });

  test('the emitted schema: date-time string under rfc3339, integer under unix', () => {
    expect(emittedSchema(textTime, 'rfc3339').properties!.release).toEqual({ type: ['string', 'null'], format: 'date-time' });
    expect(emittedSchema(textTime, 'unix').properties!.release).toEqual({ type: ['integer', 'null'], description: 'Unix seconds.' });
  });

  test('the real schema marks it, so the sample reply\'s value becomes a timestamp', () => {
    const shaper = new RecordShaper(streamSchema('statement_transactions'), new Set(['estimated_release_time']), 'rfc3339');
    expect(shaper.shape({ estimated_release_time: '1719878400' })).toEqual({ estimated_release_time: '2024-07-02T00:00:00Z' });
  });
});

test('a field named __proto__ (JSON.parse makes it an own property) is written as a column, not taken as the prototype', () => {
  const shaper = new RecordShaper(schema, undefined, 'unix');
  const shaped = shaper.shape(JSON.parse('{"id":"a","__proto__":{"polluted":true}}') as Record<string, unknown>) as Record<string, unknown>;
  expect(JSON.stringify(shaped)).toBe('{"id":"a","update_time":null,"note":null,"events":null,"__proto__":{"polluted":true}}');
  expect(Object.getPrototypeOf(shaped)).toBe(Object.prototype);
});
