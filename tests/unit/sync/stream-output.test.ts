import { Writable } from 'node:stream';
import { Logger } from '../../../src/log.js';
import { selectEverything } from '../../../src/singer/selection.js';
import { SingerWriter } from '../../../src/singer/writer.js';
import type { JsonSchema } from '../../../src/singer/json-schema.js';
import { StreamOutput } from '../../../src/sync/stream-output.js';
import { secondsToRfc3339, type TimeFormat } from '../../../src/singer/times.js';
import { TAP_STREAMS, type StreamName } from '../../../src/streams/table.js';
import { strictAjv } from '../schemas/schema-helpers.js';
import { streamSchema } from '../../../src/streams/schemas.js';

function output<S extends StreamName = 'order_line_items'>(
  options: { fields?: Set<string>; action?: 'fail' | 'skip'; stream?: S; timeFormat?: TimeFormat; flattenDepth?: number } = {},
) {
  let out = '';
  const sink = new Writable({
    write(chunk, _e, done) {
      out += chunk.toString();
      done();
    },
  });
  const writer = new SingerWriter(sink);
  const logs: string[] = [];
  const name = (options.stream ?? 'order_line_items') as S;
  const selection = { ...selectEverything(TAP_STREAMS).get(name)!, fields: options.fields };
  const stream = new StreamOutput(TAP_STREAMS.get(name), selection, writer, new Logger({ write: (l) => logs.push(l) }), options.action ?? 'fail', options.timeFormat, options.flattenDepth);
  const records = async () => {
    await writer.drain();
    return out.trim().split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { record: Record<string, unknown> }).record);
  };
  return { stream, logs, records };
}

const line = (extra: Record<string, unknown> = {}) => ({ id: '579128830041178801', order_id: '579128830041112233', shop_id: '1', sale_price: '25.99', ...extra });

describe('StreamOutput', () => {
  test('passes through a field the schema does not know and reports it once per run', async () => {
    const { stream, logs, records } = output();
    stream.write(line({ new_field: 1 }), '1', 'T');
    stream.write(line({ id: '579128830041178802', new_field: 2 }), '1', 'T');
    const written = await records();
    expect(written.map((r) => r.new_field)).toEqual([1, 2]);
    expect(logs.filter((l) => l.includes('"new_field"'))).toHaveLength(1);
  });

  test('a record that does not fit names stream, key and field, nested paths included', () => {
    const { stream } = output();
    expect(() => stream.write(line({ sale_price: 25.99 }), '1', 'T')).toThrow(
      /order_line_items record \(id=579128830041178801\) does not fit its schema: sale_price must be string/,
    );
    expect(() => stream.write(line({ item_tax: [{ tax_amount: 2 }] }), '1', 'T')).toThrow(/item_tax\.0\.tax_amount must be string/);
    expect(() => stream.write({ order_id: '1', shop_id: '1' } as never, '1', 'T')).toThrow(/id is required/);
    expect(() => stream.write(line({ id: null }), '1', 'T')).toThrow(/id must be string/);
  });

  test('a required field is missing when absent or undefined; the first of the schema\'s order is named', () => {
    const { stream } = output();
    expect(() => stream.write(line({ id: undefined }), '1', 'T')).toThrow(/: id is required$/);
    expect(() => stream.write({ shop_id: '1', new_field: 1 } as never, '1', 'T')).toThrow(/: id is required$/);
    expect(() => stream.write({ id: '1', new_field: 1, shop_id: '1' } as never, '1', 'T')).toThrow(/: order_id is required$/);
    expect(() => stream.write({ id: '1', shop_id: '1', order_id: undefined, sku_name: null } as never, '1', 'T')).toThrow(/: order_id is required$/);
    expect(stream.write(line(), '1', 'T')).toBe(true);
  });

  test('records whose fields come in different orders are checked and shaped alike', async () => {
    const { stream, records, logs } = output({ action: 'skip' });
    const shapes: Array<Record<string, unknown>> = [
      line({ sku_name: 'A', is_gift: true }),
      { sku_name: 'B', ...line(), extra: 1, is_gift: false },
      { is_gift: true, shop_id: '1', id: '579128830041178803', order_id: '579128830041112233' },
      line({ sku_name: 'C', is_gift: true }),
      line({ sku_name: 'D', is_gift: 'yes' }), // a wrong type: refused
      { ...line({ sku_name: 'E' }), sale_price: undefined, is_gift: false },
    ];
    for (const record of shapes) stream.write(record, '1', 'T');
    const written = await records();
    expect(written.map((r) => [r.sku_name, r.is_gift, r.sale_price, r.extra])).toEqual([
      ['A', true, '25.99', undefined],
      ['B', false, '25.99', 1],
      [null, true, null, undefined],
      ['C', true, '25.99', undefined],
      ['E', false, null, undefined],
    ]);
    const properties = Object.keys((stream.schemaMessage() as { schema: { properties: object } }).schema.properties);
    for (const record of written) expect(Object.keys(record).slice(0, properties.length)).toEqual(properties);
    expect(stream.skipped).toBe(1);
    expect(logs.join('')).toContain('is_gift must be boolean');
  });

  test('counts the records written per shop, shops interleaved', () => {
    const { stream } = output({ action: 'skip' });
    for (const shop of ['1', '1', '2', '1', '3', '2']) stream.write(line(), shop, 'T');
    stream.write(line({ sale_price: 1 }), '3', 'T'); // skipped: not counted
    expect(Object.fromEntries(stream.counts)).toEqual({ 1: 3, 2: 2, 3: 1 });
  });

  test('with invalid_record_action skip, a bad record is skipped with a warning and counted', async () => {
    const { stream, logs, records } = output({ action: 'skip' });
    stream.write(line({ sale_price: 1 }), '1', 'T');
    stream.write(line(), '1', 'T');
    expect(await records()).toHaveLength(1);
    expect(stream.skipped).toBe(1);
    expect(logs.join('')).toContain('skipped (invalid_record_action is "skip")');
  });

  test('every record carries every schema property, in schema order, null where the API sent nothing', async () => {
    const { stream, records } = output();
    stream.write(line(), '1', 'T');
    stream.write(line({ id: '579128830041178802', sku_name: 'Blue', is_gift: false, item_tax: [{ tax_amount: '1.00' }] }), '1', 'T');
    const [first, second] = await records();
    const properties = Object.keys((stream.schemaMessage() as { schema: { properties: object } }).schema.properties);
    expect(Object.keys(first!)).toEqual(properties);
    expect(Object.keys(second!)).toEqual(properties);
    expect([first!.sku_name, first!.is_gift, first!.item_tax]).toEqual([null, null, null]);
    // Values stay as sent, falsy ones and nested ones included.
    expect([second!.sku_name, second!.is_gift, second!.item_tax]).toEqual(['Blue', false, [{ tax_amount: '1.00' }]]);
  });

  test('a field the schema does not know comes after the schema properties', async () => {
    const { stream, records } = output();
    stream.write(line({ new_field: 1 }), '1', 'T');
    expect(Object.keys((await records())[0]!).at(-1)).toBe('new_field');
  });

  test('deselected fields leave records and the SCHEMA message', async () => {
    const { stream, records } = output({ fields: new Set(['id', 'order_id', 'shop_id']) });
    stream.write(line(), '1', 'T');
    stream.write(line({ not_in_schema: 1 }), '1', 'T');
    const written = await records();
    expect(Object.keys(written[0]!).sort()).toEqual(['id', 'order_id', 'shop_id']);
    expect(Object.keys(written[1]!).sort()).toEqual(['id', 'order_id', 'shop_id']);
    const schema = stream.schemaMessage() as { schema: { properties: object } };
    expect(Object.keys(schema.schema.properties).sort()).toEqual(['id', 'order_id', 'shop_id']);
  });

  test('undefined values are not part of the record', async () => {
    const { stream, records } = output();
    stream.write(line({ line_items: undefined }), '1', 'T');
    expect(await records()).toHaveLength(1);
  });

  test('Unix-seconds times become RFC 3339 UTC strings, at the top level and nested; the API objects stay as they are', async () => {
    const { stream, records } = output({ stream: 'returns' });
    const api = {
      return_id: '4035', shop_id: '1', create_time: 1_700_000_000, update_time: 1_700_003_661,
      seller_next_action_response: [{ action: 'REVIEW', deadline: 1_700_086_400 }, { action: 'X', deadline: null }],
    };
    const copy = structuredClone(api);
    stream.write(api as never, '1', 'T');
    const [record] = await records();
    expect([record!.create_time, record!.update_time]).toEqual(['2023-11-14T22:13:20Z', '2023-11-14T23:14:21Z']);
    expect(record!.seller_next_action_response).toEqual([{ action: 'REVIEW', deadline: '2023-11-15T22:13:20Z' }, { action: 'X', deadline: null }]);
    expect(api).toEqual(copy);
  });

  test('with time_format unix, times stay the Unix seconds the API sent', async () => {
    const { stream, records } = output({ stream: 'returns', timeFormat: 'unix' });
    stream.write({ return_id: '4035', shop_id: '1', update_time: 1_700_003_661, seller_next_action_response: [{ deadline: 5 }] } as never, '1', 'T');
    const [record] = await records();
    expect(record!.update_time).toBe(1_700_003_661);
    expect(record!.seller_next_action_response).toEqual([{ deadline: 5 }]);
  });

  test.each(['rfc3339', 'unix'] as const)('in time_format %s, every record fits the schema its SCHEMA message announces', async (timeFormat) => {
    const { stream, records } = output({ stream: 'orders', timeFormat });
    const schema = (stream.schemaMessage() as { schema: object }).schema;
    const validate = strictAjv().compile(schema);
    stream.write({ id: '1', shop_id: '1', update_time: 1_700_000_000, create_time: 1_699_000_000, paid_time: null } as never, '1', 'T');
    stream.write({ id: '2', shop_id: '1', update_time: 1_700_000_001, payment: { total_amount: '1.50', currency: 'USD' } } as never, '1', 'T');
    for (const record of await records()) expect([validate(record), validate.errors]).toEqual([true, null]);
    const updateTime = (schema as { properties: Record<string, { type: unknown; format?: string }> }).properties.update_time!;
    expect(updateTime).toMatchObject(timeFormat === 'rfc3339' ? { type: 'string', format: 'date-time' } : { type: 'integer' });
  });

  describe('with flattening (flattening_enabled, flattening_max_depth)', () => {
    const skus = [
      { id: '1', product_id: '9', shop_id: '1', price: { sale_price: '5.00', currency: 'USD' }, pre_sale: { fulfillment_type: { release_date: 1_700_000_000 } } },
      { id: '2', product_id: '9', shop_id: '1', price: null, inventory: [{ quantity: 3 }] },
      { id: '3', product_id: '9', shop_id: '1', seller_sku: 'X' },
    ];

    test('the SCHEMA message is flattened and every record carries exactly its columns, in order, and fits it', async () => {
      const { stream, records } = output({ stream: 'product_skus', flattenDepth: 2 });
      const message = stream.schemaMessage() as { schema: { properties: Record<string, object> }; key_properties: string[] };
      const columns = Object.keys(message.schema.properties);
      expect(columns).toEqual(expect.arrayContaining(['price__sale_price', 'price__currency', 'pre_sale__fulfillment_type__release_date', 'inventory']));
      expect(columns).not.toContain('price');
      expect(message.key_properties).toEqual(['id']);
      for (const sku of skus) stream.write(sku as never, '1', 'T');
      const written = await records();
      const validate = strictAjv().compile(message.schema);
      for (const record of written) {
        expect(Object.keys(record)).toEqual(columns);
        expect([validate(record), validate.errors]).toEqual([true, null]);
      }
      // Times deep inside still become RFC 3339; a null parent nulls its columns; arrays are JSON text.
      expect(written[0]!.pre_sale__fulfillment_type__release_date).toBe('2023-11-14T22:13:20Z');
      expect([written[1]!.price__sale_price, written[1]!.inventory]).toEqual([null, '[{"quantity":3}]']);
    });

    test('below the depth, objects are JSON text (times inside converted)', async () => {
      const { stream, records } = output({ stream: 'product_skus', flattenDepth: 1 });
      stream.write(skus[0] as never, '1', 'T');
      const [record] = await records();
      expect(record!.pre_sale__fulfillment_type).toBe('{"release_date":"2023-11-14T22:13:20Z"}');
    });

    test('selection applies to top-level properties, before flattening', async () => {
      const { stream, records } = output({ stream: 'product_skus', flattenDepth: 2, fields: new Set(['id', 'product_id', 'shop_id', 'price']) });
      const columns = Object.keys((stream.schemaMessage() as { schema: { properties: object } }).schema.properties);
      const price = Object.keys(streamSchema('product_skus').properties!.price!.properties!).map((sub) => `price__${sub}`);
      expect(new Set(columns)).toEqual(new Set(['id', 'product_id', 'shop_id', ...price]));
      stream.write(skus[0] as never, '1', 'T');
      expect(Object.keys((await records())[0]!)).toEqual(columns);
    });
  });

  test('a time no RFC 3339 string can hold makes the record invalid rather than the run crash', () => {
    const { stream } = output({ stream: 'returns' });
    expect(() => stream.write({ return_id: '1', shop_id: '1', update_time: 1e15 } as never, '1', 'T')).toThrow(
      /returns record \(return_id=1\) does not fit its schema: update_time is not a time in Unix seconds \(got 1000000000000000\)/,
    );
  });
});

describe('StreamOutput on a schema of its own', () => {
  /** The RECORD lines' record text of writing `records` to a stream of `properties` (all selected). */
  const written = async (properties: Record<string, JsonSchema>, records: object[]) => {
    let out = '';
    const writer = new SingerWriter(new Writable({ write: (chunk, _e, done) => ((out += chunk.toString()), done()) }));
    const meta = { name: 's', keyProperties: ['id'], replicationMethod: 'FULL_TABLE' as const, schema: () => ({ type: 'object', properties, required: ['id'] }) };
    const stream = new StreamOutput(meta, { emit: true, fields: undefined } as never, writer, new Logger({ write: () => {} }), 'fail');
    for (const record of records) stream.write(record, '1', 'T');
    await writer.drain();
    return out.trim().split('\n').map((l) => l.slice(l.indexOf('"record":') + 9, l.indexOf(',"time_extracted"')));
  };

  test('a column named __proto__ is a column like the others', async () => {
    const properties = { id: { type: 'string' }, __proto__: { type: ['string', 'null'] }, n: { type: 'integer' } };
    expect(Object.keys(properties)).toEqual(['id', 'n']); // a literal's __proto__ is the prototype: JSON.parse keeps it as a key
    const schema = JSON.parse('{"id": {"type": "string"}, "__proto__": {"type": ["string", "null"]}, "n": {"type": "integer"}}') as Record<string, JsonSchema>;
    const records = [JSON.parse('{"n": 2, "__proto__": "x", "id": "1", "extra": true}') as object, { id: '2' }];
    expect(await written(schema, records)).toEqual(['{"id":"1","__proto__":"x","n":2,"extra":true}', '{"id":"2","__proto__":null,"n":null}']);
  });

  test('columns with names a literal must quote', async () => {
    const schema = { id: { type: 'string' }, 'a "b"': { type: 'integer' }, 'c\\d': { type: 'integer' }, '\u2028': { type: 'integer' }, 0: { type: 'integer' } };
    expect(await written(schema, [{ 'c\\d': 2, id: 'x', '\u2028': 3, 'a "b"': 1, 0: 4 }])).toEqual(['{"0":4,"id":"x","a \\"b\\"":1,"c\\\\d":2,"\\u2028":3}']);
  });
});

describe('secondsToRfc3339', () => {
  test('agrees with Date over days, hours, leap years and the ends of the range', () => {
    const samples = [-62_167_219_200, -1, 0, 59, 3599, 86_399, 86_400, 951_782_400, 1_709_164_800, 1_700_000_000, 253_402_300_799];
    for (let s = 946_684_800; s < 946_684_800 + 400 * 86_400; s += 7 * 3600 + 13 * 60 + 7) samples.push(s);
    for (const seconds of samples) expect(secondsToRfc3339(seconds)).toBe(new Date(seconds * 1000).toISOString().replace('.000Z', 'Z'));
  });

  test('refuses fractions and years outside 0000-9999', () => {
    expect([secondsToRfc3339(1.5), secondsToRfc3339(-62_167_219_201), secondsToRfc3339(253_402_300_800)]).toEqual([undefined, undefined, undefined]);
  });
});
