import { discoverCatalog } from '../../../src/singer/catalog.js';
import { StreamFormat } from '../../../src/singer/stream-format.js';
import { TIME_FORMATS } from '../../../src/singer/times.js';
import { TAP_STREAMS } from '../../../src/streams/table.js';
import { checkTapProblem } from './check-tap-rule.js';

const slotSchema = {
  type: 'object',
  properties: { id: { type: 'string' }, slot: { type: ['object', 'null'], properties: { start: { type: ['string', 'null'], format: 'date-time' } } } },
};

describe('the rule, as singer-check-tap applies it', () => {
  test('a null object whose properties hold a date-time kills it (the two-line reproduction)', () => {
    expect(checkTapProblem(slotSchema, { id: '1', slot: null })).toMatch(/^record\.slot: AttributeError: 'NoneType' object has no attribute 'get'/);
  });

  test('an object, an absent key, a null time and a strict RFC 3339 time pass; a loose time does not', () => {
    expect(checkTapProblem(slotSchema, { id: '1', slot: { start: '2024-03-01T12:00:00Z' } })).toBeUndefined();
    expect(checkTapProblem(slotSchema, { id: '1', slot: { start: null } })).toBeUndefined();
    expect(checkTapProblem(slotSchema, { id: '1' })).toBeUndefined();
    expect(checkTapProblem(slotSchema, { id: '1', slot: { start: '2024-03-01 12:00:00' } })).toMatch(/Error parsing property start/);
  });

  test('array items are checked too', () => {
    const schema = { type: 'object', properties: { list: { type: ['array', 'null'], items: slotSchema.properties.slot } } };
    expect(checkTapProblem(schema, { list: [{ start: null }, null] })).toMatch(/^record\.list\[1\]: AttributeError/);
  });
});

/** A record of the stream with only its required fields: every nested object null, as many real records have them. */
function sparseRecord(required: string[]): Record<string, unknown> {
  return Object.fromEntries(required.map((field) => [field, /_time$/.test(field) ? 1_700_000_000 : '1']));
}

describe.each(TIME_FORMATS)('every stream\'s SCHEMA and a record with null objects pass, time_format %s', (timeFormat) => {
  test.each(TAP_STREAMS.names)('%s', (name) => {
    const meta = TAP_STREAMS.get(name);
    for (const flatteningMaxDepth of [undefined, 1]) {
      const format = new StreamFormat(meta, { fields: undefined, timeFormat, flatteningMaxDepth });
      const { schema } = format.schemaMessage() as { schema: { required?: string[] } };
      const out = format.recordLine(sparseRecord(meta.schema().required ?? []), '2024-03-01T12:00:00.000Z');
      const { record } = JSON.parse((out as { line: string }).line) as { record: Record<string, unknown> };
      expect({ flatteningMaxDepth, problem: checkTapProblem(schema, record) }).toEqual({ flatteningMaxDepth, problem: undefined });
    }
  });
});

test('the discovered catalog carries the same schemas', () => {
  const packages = discoverCatalog(TAP_STREAMS, 'rfc3339').streams.find((s) => s.stream === 'packages')!;
  const sync = new StreamFormat(TAP_STREAMS.get('packages'), { fields: undefined, timeFormat: 'rfc3339' }).schemaMessage() as { schema: object };
  expect(packages.schema).toEqual(sync.schema);
  expect(checkTapProblem(packages.schema, { pickup_slot: null })).toBeUndefined();
});

test('times keep format date-time where it gives a column type: the top level, and flattened columns', () => {
  const plain = new StreamFormat(TAP_STREAMS.get('packages'), { fields: undefined, timeFormat: 'rfc3339' }).schemaMessage() as { schema: { properties: Record<string, { format?: string; properties?: Record<string, { format?: string }> }> } };
  expect(plain.schema.properties.update_time!.format).toBe('date-time');
  expect(plain.schema.properties.pickup_slot!.properties!.start_time!.format).toBeUndefined();
  const flat = new StreamFormat(TAP_STREAMS.get('packages'), { fields: undefined, timeFormat: 'rfc3339', flatteningMaxDepth: 1 }).schemaMessage() as { schema: { properties: Record<string, { format?: string }> } };
  expect(flat.schema.properties.pickup_slot__start_time!.format).toBe('date-time');
});
