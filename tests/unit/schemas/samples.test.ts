/**
 * The documentation samples of ../shared/tiktok-shop-api.md §5 (copied to tests/fixtures/api-samples/), shaped into
 * records by the tap's own record-building functions (the ones the streams call), validate against the schemas.
 * The schemas allow fields they do not declare (additionalProperties), so this does not prove every sampled field
 * is declared; schemas.test.ts checks the declared ones.
 */
import { errorsOf, loadSample } from './schema-helpers.js';
import { externalOrderRecords } from '../../../src/streams/external-orders.js';
import { orderRecords, priceDetailRecords } from '../../../src/streams/orders.js';
import { productRecords } from '../../../src/streams/products.js';
import { returnRecords } from '../../../src/streams/returns.js';
import { shopRecord } from '../../../src/streams/shops.js';

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
