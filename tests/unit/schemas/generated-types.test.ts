/** src/generated/records.ts must be what scripts/generate-types.mjs makes of schemas/ today. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RecordsByStream, StreamName } from '../../../src/generated/records.js';
import { ROOT, STREAMS } from './schema-helpers.js';

interface Codegen {
  generateRecordTypes(): Promise<string>;
}

test('src/generated/records.ts is up to date with schemas/ (regenerate: npm run generate-types)', async () => {
  // A computed specifier keeps tsc from looking for type declarations of the .mjs script.
  const script = pathToFileURL(join(ROOT, 'scripts', 'generate-types.mjs')).href;
  const { generateRecordTypes } = (await import(script)) as Codegen;
  const committed = readFileSync(join(ROOT, 'src', 'generated', 'records.ts'), 'utf8');
  expect(committed).toBe(await generateRecordTypes());
});

test('the generated types name every stream and fit minimal records', () => {
  // tsc rejects this literal if StreamName gains or loses a stream.
  const names: Record<StreamName, true> = {
    shops: true,
    orders: true,
    order_line_items: true,
    order_line_item_price_detail: true,
    products: true,
    product_skus: true,
    external_orders: true,
    external_order_line_items: true,
    returns: true,
    return_line_items: true,
    cancellations: true,
    cancellation_line_items: true,
    packages: true,
    statements: true,
    statement_transactions: true,
    payments: true,
    withdrawals: true,
  };
  expect(Object.keys(names).sort()).toEqual(Object.keys(STREAMS).sort());
  const order: RecordsByStream['orders'] = { id: '1', shop_id: '2', update_time: 1740826800, payment: null };
  const priceLine: RecordsByStream['order_line_item_price_detail'] = {
    order_id: '1',
    line_item_id: '3',
    shop_id: '2',
    order_price_detail: { subtotal: '56.27', unknown_later_field: 1 },
  };
  expect([order, priceLine]).toHaveLength(2);
});
