/**
 * The documentation samples of ../shared/tiktok-shop-api.md §5 (copied to tests/fixtures/api-samples/),
 * shaped into records the way the stream table describes, validate against the schemas. Because the
 * schemas are closed at the top level, this also proves every sampled top-level field is declared.
 */
import { errorsOf, loadSample } from './schema-helpers.js';

const shops: any[] = loadSample('authorized-shops').data.shops;
const shopId: string = shops[0].id;
const orders: any[] = loadSample('orders-search').data.orders;
const priceDetail = loadSample('price-detail').data;
const externalOrders: any[] = loadSample('external-orders').data.external_orders;
const returns: any[] = loadSample('returns-search').data.return_orders;
const searchedProducts: any[] = loadSample('products-search').data.products;
const productDetail = loadSample('product-detail').data;
const orderId: string = orders[0].id;

const withoutKey = (object: any, key: string): any => {
  const { [key]: _omitted, ...rest } = object;
  return rest;
};

/** stream -> records built from the samples */
const records: Record<string, any[]> = {
  shops: shops.map((shop) => ({ ...shop, shop_id: shop.id })),
  orders: orders.map((order) => ({ ...withoutKey(order, 'line_items'), shop_id: shopId })),
  order_line_items: orders.flatMap((order) =>
    order.line_items.map((item: any) => ({ ...item, order_id: order.id, shop_id: shopId })),
  ),
  order_line_item_price_detail: priceDetail.line_items.map(({ id, ...item }: any) => ({
    ...item,
    line_item_id: id,
    order_id: orderId,
    shop_id: shopId,
    order_price_detail: withoutKey(priceDetail, 'line_items'),
  })),
  products: [
    { ...withoutKey({ ...searchedProducts[0], ...productDetail }, 'skus'), shop_id: shopId },
    // a product known only from search (e.g. the detail call was skipped)
    ...searchedProducts.map((product) => ({ ...withoutKey(product, 'skus'), shop_id: shopId })),
  ],
  product_skus: [
    ...productDetail.skus.map((sku: any) => {
      const searched = searchedProducts[0].skus.find((s: any) => s.id === sku.id);
      return { ...searched, ...sku, product_id: productDetail.id, shop_id: shopId };
    }),
    ...searchedProducts.flatMap((product) =>
      product.skus.map((sku: any) => ({ ...sku, product_id: product.id, shop_id: shopId })),
    ),
  ],
  external_orders: externalOrders.map((ext) => ({ ...withoutKey(ext, 'line_items'), order_id: orderId, shop_id: shopId })),
  external_order_line_items: externalOrders.flatMap((ext) =>
    ext.line_items.map((item: any) => ({
      ...item,
      order_id: orderId,
      platform: ext.platform,
      external_order_id: ext.id,
      shop_id: shopId,
      order_line_item_id: item.id,
      external_line_item_id: item.origin_id,
    })),
  ),
  returns: returns.map((ret) => ({ ...withoutKey(ret, 'return_line_items'), shop_id: shopId })),
  return_line_items: returns.flatMap((ret) =>
    ret.return_line_items.map((line: any) => ({
      ...line,
      return_id: ret.return_id,
      order_id: ret.order_id,
      shop_id: shopId,
    })),
  ),
};

describe.each(Object.keys(records))('%s sample records', (stream) => {
  test('exist and validate', () => {
    expect(records[stream]!.length).toBeGreaterThan(0);
    for (const record of records[stream]!) expect(errorsOf(stream, record)).toEqual([]);
  });
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

test('product_types may be a string or an array (§5.9 sample vs docs)', () => {
  const product = records.products![0];
  expect(errorsOf('products', { ...product, product_types: ['COMBINED_PRODUCT'] })).toEqual([]);
  expect(errorsOf('products', { ...product, product_types: 'COMBINED_PRODUCT' })).toEqual([]);
  expect(errorsOf('products', { ...product, product_types: 7 })).not.toEqual([]);
});
