/** What a record that does not fit its schema is refused for, in the words the error line carries. */
import { Writable } from 'node:stream';
import { Logger } from '../../../src/log.js';
import { selectEverything } from '../../../src/singer/selection.js';
import { SingerWriter } from '../../../src/singer/writer.js';
import { TAP_STREAMS } from '../../../src/streams/table.js';
import { StreamOutput } from '../../../src/sync/stream-output.js';
import { RecordCheck } from '../../../src/validation/record-check.js';

/** The problem named when `record` is written to `stream` (all selected, invalid_record_action "fail"). */
function problem(stream: string, record: Record<string, unknown>): string | undefined {
  const writer = new SingerWriter(new Writable({ write: (_chunk, _encoding, done) => done() }));
  const output = new StreamOutput(TAP_STREAMS.get(stream), selectEverything(TAP_STREAMS).get(stream)!, writer, new Logger({ write: () => {} }), 'fail');
  try {
    output.write(record, '1', 'T');
    return undefined;
  } catch (error) {
    return (error as Error).message.replace(/.*does not fit its schema: /, '');
  }
}

const line = { id: '579128830041178801', order_id: '579128830041112233', shop_id: '1', sale_price: '25.99' };

test.each([
  ['a wrong type at depth', 'order_line_items', { ...line, item_tax: [{ tax_amount: 2 }] }, 'item_tax.0.tax_amount must be string,null'],
  ['a time that is not Unix seconds', 'orders', { id: '1', shop_id: '1', update_time: '2024-01-01T00:00:00Z' }, 'update_time must be integer'],
  ['a time out of range', 'orders', { id: '1', shop_id: '1', update_time: 1e15 }, 'update_time is not a time in Unix seconds (got 1000000000000000)'],
  ['a missing required field', 'order_line_items', { order_id: '1', shop_id: '1' }, 'id is required'],
  ['null where the schema has no null', 'order_line_items', { ...line, id: null }, 'id must be string'],
  ['a good record', 'order_line_items', line, undefined],
])('a stream output refuses %s', (_what, stream, record, expected) => {
  expect(problem(stream, record)).toBe(expected);
});

describe('RecordCheck on a schema of its own', () => {
  const check = new RecordCheck({
    type: 'object',
    properties: { id: { type: 'string' }, payment: { type: ['object', 'null'], properties: { currency: { type: 'string' } }, required: ['currency'] } },
    required: ['id'],
  });

  test('names a missing nested field by its path', () => {
    expect(check.problem({ id: '1', payment: {} })).toBe('payment.currency is required');
  });

  test('a property set to undefined is absent (it is not serialised)', () => {
    expect(check.problem({ id: undefined })).toBe('id is required');
  });

  test('a record that is not an object is the record\'s problem', () => {
    expect(check.problem([] as never)).toBe('(record) must be object');
  });

  test('accepts a record that fits, fields the schema does not know included', () => {
    expect(check.problem({ id: '1', payment: null, extra: [1] })).toBeUndefined();
  });
});
