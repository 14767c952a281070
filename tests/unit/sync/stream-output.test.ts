import { Writable } from 'node:stream';
import { Logger } from '../../../src/log.js';
import { selectEverything } from '../../../src/singer/selection.js';
import { SingerWriter } from '../../../src/singer/writer.js';
import { StreamOutput } from '../../../src/sync/stream-output.js';

function output(options: { fields?: Set<string>; action?: 'fail' | 'skip' } = {}) {
  let out = '';
  const sink = new Writable({
    write(chunk, _e, done) {
      out += chunk.toString();
      done();
    },
  });
  const writer = new SingerWriter(sink);
  const logs: string[] = [];
  const selection = { ...selectEverything().get('order_line_items')!, fields: options.fields };
  const stream = new StreamOutput('order_line_items', selection, writer, new Logger({ write: (l) => logs.push(l) }), options.action ?? 'fail');
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

  test('with invalid_record_action skip, a bad record is skipped with a warning and counted', async () => {
    const { stream, logs, records } = output({ action: 'skip' });
    stream.write(line({ sale_price: 1 }), '1', 'T');
    stream.write(line(), '1', 'T');
    expect(await records()).toHaveLength(1);
    expect(stream.skipped).toBe(1);
    expect(logs.join('')).toContain('skipped (invalid_record_action is "skip")');
  });

  test('deselected fields leave records and the SCHEMA message', async () => {
    const { stream, records } = output({ fields: new Set(['id', 'order_id', 'shop_id']) });
    stream.write(line(), '1', 'T');
    expect(Object.keys((await records())[0]!).sort()).toEqual(['id', 'order_id', 'shop_id']);
    const schema = stream.schemaMessage() as { schema: { properties: object } };
    expect(Object.keys(schema.schema.properties).sort()).toEqual(['id', 'order_id', 'shop_id']);
  });

  test('undefined values are not part of the record (the hot path sets rather than deletes)', async () => {
    const { stream, records } = output();
    stream.write(line({ line_items: undefined }), '1', 'T');
    expect(await records()).toHaveLength(1);
  });
});
