import { Flattener } from '../../../src/singer/flatten.js';
import { StreamFormat } from '../../../src/singer/stream-format.js';
import { outputSchema, streamSchema, type JsonSchema } from '../../../src/streams/schemas.js';
import { STREAMS, STREAM_NAMES } from '../../../src/streams/table.js';
import { strictAjv } from '../schemas/schema-helpers.js';

/** Nested two levels deep, with a nullable parent, an array, an object without properties and a required field. */
const schema: JsonSchema = {
  type: 'object',
  required: ['id', 'payment'],
  properties: {
    id: { type: 'string' },
    payment: {
      type: ['object', 'null'],
      properties: {
        total: { type: 'string', description: 'Money.' },
        paid: { type: ['string', 'null'], format: 'date-time' },
        tax: { type: ['object', 'null'], properties: { rate: { type: 'integer' } } },
      },
    },
    tags: { type: ['array', 'null'], items: { type: 'string' } },
    extra: { type: ['object', 'null'], description: 'Free-form.' },
  },
};

const columnsOf = (flat: Flattener) => Object.keys(flat.schema.properties!);
const validator = (flat: Flattener) => strictAjv().compile(flat.schema);

describe('Flattener schema (Meltano SDK rules)', () => {
  test('depth 1: sub-properties of top-level objects become parent__child columns; deeper objects, arrays, free-form objects JSON text', () => {
    const flat = new Flattener(schema, 1);
    expect(columnsOf(flat)).toEqual(['id', 'payment__total', 'payment__paid', 'payment__tax', 'tags', 'extra']);
    const p = flat.schema.properties!;
    // A column under a parent is null when the parent is null or absent, so it accepts null.
    expect(p.payment__total).toEqual({ type: ['string', 'null'], description: 'Money.' });
    expect(p.payment__paid).toEqual({ type: ['string', 'null'], format: 'date-time' });
    expect(p.payment__tax).toEqual({ type: ['string', 'null'] });
    expect(p.tags).toEqual({ type: ['string', 'null'] });
    expect(p.extra).toEqual({ type: ['string', 'null'], description: 'Free-form.' });
    expect(p.id).toEqual({ type: 'string' });
    // payment is no longer a column, so it cannot be required.
    expect(flat.schema.required).toEqual(['id']);
  });

  test('depth 2 descends one more level; depth 0 makes every object and array JSON text', () => {
    expect(columnsOf(new Flattener(schema, 2))).toEqual(['id', 'payment__total', 'payment__paid', 'payment__tax__rate', 'tags', 'extra']);
    expect(new Flattener(schema, 2).schema.properties!.payment__tax__rate).toEqual({ type: ['integer', 'null'] });
    const flat0 = new Flattener(schema, 0);
    expect(columnsOf(flat0)).toEqual(['id', 'payment', 'tags', 'extra']);
    expect(flat0.schema.properties!.payment).toEqual({ type: ['string', 'null'] });
    // Not nullable (and not under a parent): plain string.
    const strict = new Flattener({ type: 'object', properties: { o: { type: 'object', properties: { a: { type: 'string' } } } } }, 0);
    expect(strict.schema.properties!.o).toEqual({ type: 'string' });
  });

  test('two properties that flatten to one column name are an error', () => {
    const clash: JsonSchema = { type: 'object', properties: { a__b: { type: 'string' }, a: { type: 'object', properties: { b: { type: 'string' } } } } };
    expect(() => new Flattener(clash, 1)).toThrow(/same column name "a__b"/);
    expect(() => new Flattener(clash, 0)).not.toThrow();
  });

  test('the schema given is not changed', () => {
    const before = JSON.stringify(schema);
    new Flattener(schema, 2);
    expect(JSON.stringify(schema)).toBe(before);
  });
});

describe('Flattener records', () => {
  test('values land in their columns; deeper objects and arrays as JSON text', () => {
    const flat = new Flattener(schema, 1);
    const record = flat.record({ id: '1', payment: { total: '9.50', tax: { rate: 20 } }, tags: ['a', 'b'], extra: { k: [1] } });
    expect(record).toEqual({ id: '1', payment__total: '9.50', payment__paid: null, payment__tax: '{"rate":20}', tags: '["a","b"]', extra: '{"k":[1]}' });
    expect(validator(flat)(record)).toBe(true);
  });

  test('a null or absent parent leaves all of its columns null, same keys in the same order', () => {
    const flat = new Flattener(schema, 2);
    const full = flat.record({ id: '1', payment: { total: '1', paid: '2024-03-01T12:00:00Z', tax: { rate: 1 } }, tags: [], extra: {} });
    const nullParent = flat.record({ id: '2', payment: null });
    const absentParent = flat.record({ id: '3', extra: {} });
    const emptyParent = flat.record({ id: '4', payment: { tax: null } });
    for (const record of [full, nullParent, absentParent, emptyParent]) expect(Object.keys(record)).toEqual(columnsOf(flat));
    expect(nullParent).toEqual({ id: '2', payment__total: null, payment__paid: null, payment__tax__rate: null, tags: null, extra: null });
    expect(full.tags).toBe('[]');
    const validate = validator(flat);
    for (const record of [full, nullParent, absentParent, emptyParent]) expect(validate(record)).toBe(true);
  });

  test('scalars, false and 0 stay as they are; the record given is not changed', () => {
    const flat = new Flattener(schema, 2);
    const input = { id: '1', payment: { total: '0', tax: { rate: 0 } }, tags: null };
    const before = JSON.stringify(input);
    expect(flat.record(input)).toMatchObject({ payment__total: '0', payment__tax__rate: 0, tags: null });
    expect(JSON.stringify(input)).toBe(before);
  });

  test('fields the schema does not know come after its columns, flattened by the same rule', () => {
    const flat = new Flattener(schema, 1);
    const record = flat.record({ id: '1', surprise: { x: 1, y: { z: 2 } }, payment: { total: '1', fee: '0.1' }, flag: true });
    expect(Object.keys(record)).toEqual([...columnsOf(flat), 'surprise__x', 'surprise__y', 'payment__fee', 'flag']);
    expect([record.surprise__y, record.payment__fee, record.flag]).toEqual(['{"z":2}', '0.1', true]);
  });
});

describe('Flattener over the tap\'s streams', () => {
  test.each([0, 1, 2, 5])('depth %i: key properties and replication key are unchanged columns, names short, records fit', (depth) => {
    for (const name of STREAM_NAMES) {
      const def = STREAMS[name]!;
      const source = outputSchema(name, 'rfc3339');
      const flat = new Flattener(source, depth);
      const columns = columnsOf(flat);
      for (const key of [...def.keyProperties, ...(def.replicationKey ? [def.replicationKey] : [])]) {
        expect(flat.schema.properties![key]).toEqual(source.properties![key]);
      }
      // The SDK shortens names of 255 characters or more; none of ours may need it.
      expect(Math.max(...columns.map((c) => c.length))).toBeLessThan(255);
      // A record with only its key fields still fits the flattened schema (every other column null).
      const isTime = (field: string) => (source.properties![field] as { format?: string } | undefined)?.format === 'date-time';
      const minimal = Object.fromEntries((source.required ?? []).map((field) => [field, isTime(field) ? '2024-03-01T12:00:00Z' : '1']));
      const record = flat.record(minimal);
      expect(Object.keys(record)).toEqual(columns);
      const validate = strictAjv().compile(flat.schema);
      expect({ name, ok: validate(record), errors: validate.errors }).toEqual({ name, ok: true, errors: null });
    }
  });

  test('a nested time keeps format date-time in its column (product_skus pre_sale.fulfillment_type.release_date)', () => {
    const flat = new Flattener(outputSchema('product_skus', 'rfc3339'), 2);
    expect(flat.schema.properties!.pre_sale__fulfillment_type__release_date).toMatchObject({ format: 'date-time' });
  });
});

describe('Flattener name collisions: the schema\'s column keeps its value', () => {
  const orders: JsonSchema = {
    type: 'object',
    properties: { id: { type: 'string' }, payment: { type: ['object', 'null'], properties: { total_amount: { type: ['string', 'null'] } } } },
  };

  test.each([
    ['after', { id: '1', payment: { total_amount: '10.00' }, payment__total_amount: '99.99' }],
    ['before', { id: '1', payment__total_amount: '99.99', payment: { total_amount: '10.00' } }],
  ])('an API field payment__total_amount sent %s payment.total_amount is left out and named', (_order, record) => {
    const collisions: string[] = [];
    const out = new Flattener(orders, 1).record(record, (column, field) => collisions.push(`${field} -> ${column}`));
    expect(out).toEqual({ id: '1', payment__total_amount: '10.00' });
    expect(collisions).toEqual(['payment__total_amount -> payment__total_amount']);
  });

  test('a null parent keeps its column null rather than taking the stray field', () => {
    const collisions: string[] = [];
    const out = new Flattener(orders, 1).record({ id: '1', payment: null, payment__total_amount: '99.99' }, (c) => collisions.push(c));
    expect(out.payment__total_amount).toBeNull();
    expect(collisions).toEqual(['payment__total_amount']);
  });

  test('two unknown fields on one column: the first keeps it; a nested unknown field under a known parent too', () => {
    const collisions: string[] = [];
    const out = new Flattener(orders, 1).record(
      { id: '1', extra: { a: 1 }, extra__a: 2, payment: { total_amount: '1', fee: '0.1' }, payment__fee: '5' },
      (column, field) => collisions.push(`${field} -> ${column}`),
    );
    expect(out).toMatchObject({ extra__a: 1, payment__fee: '0.1' });
    expect(collisions).toEqual(['extra__a -> extra__a', 'payment__fee -> payment__fee']);
  });
});

describe('StreamFormat names a flattening collision once per stream', () => {
  const meta = { name: 'orders', keyProperties: ['id'], replicationMethod: 'FULL_TABLE' as const, schema: () => streamSchema('orders') };

  test('the warning names field and column, once, and every record keeps the real amount', () => {
    const warnings: string[] = [];
    const format = new StreamFormat(meta, { fields: undefined, timeFormat: 'rfc3339', flatteningMaxDepth: 1, warn: (m) => warnings.push(m) });
    const records = ['1', '2'].map((id) => {
      const out = format.recordLine({ id, payment: { total_amount: '10.00' }, payment__total_amount: '99.99' }, 'T');
      return (JSON.parse((out as { line: string }).line) as { record: Record<string, unknown> }).record;
    });
    expect(records.map((r) => r.payment__total_amount)).toEqual(['10.00', '10.00']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^orders: with flattening, the API's field "payment__total_amount" would take the column "payment__total_amount"/);
  });
});
