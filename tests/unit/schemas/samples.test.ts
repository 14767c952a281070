/**
 * The documentation samples of docs/tiktok-shop-api.md §5 (copied to tests/fixtures/api-samples/), and finance
 * replies shaped exactly as §9.5 and §9.6 (202501) describe them (finance-*.json: every field of the tables, every
 * breakdown key), shaped into records by the tap's own record-building functions (the ones the streams call),
 * validate against the schemas.
 * The schemas allow fields they do not declare (additionalProperties), so this does not prove every sampled field
 * is declared; schemas.test.ts checks the declared ones.
 */
import { errorsOf, loadSample } from './schema-helpers.js';
import { externalOrderRecords } from '../../../src/streams/external-orders.js';
import { orderRecords, priceDetailRecords } from '../../../src/streams/orders.js';
import { productRecords } from '../../../src/streams/products.js';
import { returnRecords } from '../../../src/streams/returns.js';
import { shopRecord } from '../../../src/streams/shops.js';
import { statementRecord, statementTransactionRecords } from '../../../src/streams/statements.js';
import { paymentRecord } from '../../../src/streams/payments.js';
import { withdrawalRecord } from '../../../src/streams/withdrawals.js';

// The record builders reuse the objects they are given (the hot path), so each gets its own copy.
const sample = (name: string): any => structuredClone(loadSample(name));
const shops: any[] = sample('authorized-shops').data.shops;
const shopId: string = shops[0].id;
const orders: any[] = sample('orders-search').data.orders;
const orderId: string = orders[0].id;
const searchedProducts: any[] = sample('products-search').data.products;
const productDetail = sample('product-detail').data;
const externalData = sample('external-orders').data;
const platform: string = externalData.external_orders[0].platform;

const builtOrders = orders.map((order) => orderRecords(structuredClone(order), shopId));
const builtExternal = externalOrderRecords(externalData, orderId, shopId, platform);
const builtReturns = sample('returns-search').data.return_orders.map((ret: any) => returnRecords(ret, shopId));
const builtProducts = [
  productRecords(searchedProducts[0], productDetail, shopId),
  // a product known only from search (FREEZE/DELETED: Get Product is not asked)
  ...searchedProducts.map((product) => productRecords(product, undefined, shopId)),
];

const statements: any[] = sample('finance-statements').data.statements;
const transactionsReply = sample('finance-statement-transactions').data;

/** stream -> records built from the samples */
const records: Record<string, any[]> = {
  shops: shops.map((shop) => shopRecord(shop)),
  orders: builtOrders.map((built) => built.order),
  order_line_items: builtOrders.flatMap((built) => built.lineItems),
  order_line_item_price_detail: priceDetailRecords(sample('price-detail').data, orderId, shopId),
  products: builtProducts.map((built) => built.product),
  product_skus: builtProducts.flatMap((built) => built.skus),
  external_orders: builtExternal.orders,
  external_order_line_items: builtExternal.lineItems,
  returns: builtReturns.map((built: any) => built.ret),
  return_line_items: builtReturns.flatMap((built: any) => built.lineItems),
  statements: statements.map((statement) => statementRecord(statement, shopId)),
  statement_transactions: statementTransactionRecords(transactionsReply.transactions, transactionsReply.id, transactionsReply.currency, shopId),
  payments: sample('finance-payments').data.payments.map((payment: any) => paymentRecord(payment, shopId)),
  withdrawals: sample('finance-withdrawals').data.withdrawals.map((withdrawal: any) => withdrawalRecord(withdrawal, shopId)),
};

describe.each(Object.keys(records))('%s sample records', (stream) => {
  test('exist and validate', () => {
    expect(records[stream]!.length).toBeGreaterThan(0);
    for (const record of records[stream]!) expect(errorsOf(stream, record)).toEqual([]);
  });
});

test('the records carry their keys and parents as the tap builds them', () => {
  expect(records.orders![0]).toMatchObject({ id: orderId, shop_id: shopId, line_items: undefined });
  expect(records.order_line_items![0]).toMatchObject({ order_id: orderId, shop_id: shopId });
  expect(records.order_line_item_price_detail![0]).toMatchObject({ order_id: orderId, line_item_id: expect.any(String) });
  expect(records.product_skus![0]).toMatchObject({ product_id: productDetail.id, shop_id: shopId });
  expect(records.external_order_line_items![0]).toMatchObject({ order_line_item_id: expect.any(String), external_line_item_id: expect.any(String) });
  expect(records.return_line_items![0]).toMatchObject({ return_id: records.returns![0].return_id, shop_id: shopId });
});

test('finance records keep the exact decimal strings, carry their statement and its currency, and keep {value, currency} amounts', () => {
  expect(records.statements![0]).toMatchObject({ id: statements[0].id, shop_id: shopId, settlement_amount: '10.50', fee_amount: '-30', shipping_cost_amount: '-70' });
  const transactions = records.statement_transactions!;
  expect(transactions.map((t) => t.type)).toEqual(['ORDER', 'RESERVE', 'SHIPPING_FEE_ADJUSTMENT']);
  for (const t of transactions) expect(t).toMatchObject({ statement_id: '7285420512001010002', shop_id: shopId, currency: 'GBP' });
  expect(transactions[0]).toMatchObject({ order_id: '576486316948490001', settlement_amount: '213.49' });
  expect(transactions[0].fee_tax_breakdown.fee.referral_fee_amount).toBe('-20.08');
  expect(transactions[0].shipping_cost_breakdown.supplementary_component).toEqual(expect.objectContaining({ customer_shipping_fee: '0' }));
  expect(transactions[1]).toMatchObject({ associated_order_id: '576486316948490001', reserve_status: 'COLLECTED', estimated_release_time: '1719878400' });
  expect(transactions[2]).toMatchObject({ adjustment_order_id: '576486316948490001', order_id: '' });
  expect(records.payments![1].amount).toEqual({ value: '208.49', currency: 'GBP' });
  expect(records.payments![1].payment_amount_before_exchange).toEqual({ value: '266.12', currency: 'USD' });
  expect(records.withdrawals![0]).toMatchObject({ id: 'WD2024060100017a3f', amount: '10.50', currency: 'GBP' });
  // A transaction that names a currency of its own keeps it; with none anywhere, the field is null (not absent).
  expect(statementTransactionRecords([{ id: '1', currency: 'USD' }, { id: '2' }], 'S', undefined, shopId).map((t) => t.currency)).toEqual(['USD', null]);
});

test('finance amounts must stay strings, and breakdowns objects of strings', () => {
  expect(errorsOf('statements', { ...records.statements![0], settlement_amount: 10.5 })).toEqual([expect.stringMatching(/^\/settlement_amount must be string/)]);
  const transaction = structuredClone(records.statement_transactions![0]);
  transaction.fee_tax_breakdown.tax.vat_amount = 0;
  expect(errorsOf('statement_transactions', transaction)).toEqual([expect.stringMatching(/^\/fee_tax_breakdown\/tax\/vat_amount must be string/)]);
  expect(errorsOf('payments', { ...records.payments![0], amount: '10.50' })).toEqual([expect.stringMatching(/^\/amount must be object/)]);
  expect(errorsOf('withdrawals', { ...records.withdrawals![0], create_time: '1717286400' })).not.toEqual([]);
});

test('the samples exercise the nested shapes (spot checks)', () => {
  expect(records.orders![0].payment.total_amount).toBe('56.27');
  expect(records.order_line_item_price_detail![0].order_price_detail.subtotal).toBe('56.27');
  expect(records.products![0].audit.status).toBe('APPROVED');
  expect(records.products![0].package_weight.value).toBe('0.45');
  expect(records.product_skus![0].inventory[0].quantity).toBe(140);
  expect(records.product_skus![0].sales_attributes[0].value_name).toBe('Blue');
});

test('a wrong type deep inside a record is reported with its path', () => {
  const order = structuredClone(records.orders![0]);
  order.payment.total_amount = 56.27; // money must stay a decimal string
  order.packages[0].id = 1154400112233445; // ids are strings, not numbers
  expect(errorsOf('orders', order)).toEqual([
    expect.stringMatching(/^\/packages\/0\/id must be string/),
    expect.stringMatching(/^\/payment\/total_amount must be string/),
  ]);
});

test('nested objects accept fields TikTok adds later', () => {
  const order = structuredClone(records.orders![0]);
  order.payment.new_fee_2030 = '1.00';
  order.recipient_address.district_info[0].new_level_code = 'X';
  expect(errorsOf('orders', order)).toEqual([]);
});

test('product_types is an array; the bare string of one SDK sample is wrapped in one (§5.9 sample vs docs)', () => {
  const product = records.products![0];
  expect(errorsOf('products', { ...product, product_types: ['COMBINED_PRODUCT'] })).toEqual([]);
  expect(errorsOf('products', { ...product, product_types: 'COMBINED_PRODUCT' })).not.toEqual([]);
  expect(errorsOf('products', { ...product, product_types: 7 })).not.toEqual([]);
  const { product: record } = productRecords({ id: '1', update_time: 1, product_types: 'COMBINED_PRODUCT' }, undefined, '9');
  expect(record.product_types).toEqual(['COMBINED_PRODUCT']);
  expect(errorsOf('products', record)).toEqual([]);
});
