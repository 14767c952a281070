/**
 * Replies of the five Analytics 202509 endpoints, shaped exactly as docs/tiktok-shop-api.md §10.2-10.6 describe them
 * (tests/fixtures/api-samples/analytics-*.json: every field of the response models, nested objects and arrays as
 * documented), read the way the tap reads a reply (parseKeepingBigIntegers, §10.4), cut into rows by each family's
 * own `rows` and made records by its own `records`. The records must validate against the schemas, every field
 * they carry must be declared (at the top level, and inside nested objects whose schema lists properties), and
 * every value of the reply must reach the record unless it is listed below as deliberately not carried.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, errorsOf, loadSchema, type SchemaNode } from './schema-helpers.js';
import { parseKeepingBigIntegers } from '../../../src/tiktok/big-integers.js';
import type { FamilyDecl, Json } from '../../../src/sync/declaration.js';
import { SHOP_PERFORMANCE_FAMILY } from '../../../src/streams/analytics-shop.js';
import { PRODUCT_PERFORMANCE_FAMILY, SKU_PERFORMANCE_FAMILY, productPerformanceRecord } from '../../../src/streams/analytics-products.js';
import { LIVE_PERFORMANCE_FAMILY, VIDEO_PERFORMANCE_FAMILY } from '../../../src/streams/analytics-content.js';

const SHOP_ID = '7494049642642441621';
/** The day a one-day list window was asked for (the shop reply carries its own days). */
const DAY = '2025-09-13';
const dayValue = Date.parse(`${DAY}T00:00:00Z`) / 1000;

/** A sample reply as the tap's reply reader parses it: integers of 16+ digits keep their digits, as strings. */
function readSample(name: string): any {
  return parseKeepingBigIntegers(readFileSync(join(ROOT, 'tests', 'fixtures', 'api-samples', `${name}.json`), 'utf8'));
}

interface Case {
  family: FamilyDecl;
  sample: string;
  /** Leaf paths of a reply item (arrays as []) that the record does not carry as they are, and why. */
  notCarried: Record<string, string>;
}

const CASES: Record<string, Case> = {
  shop_performance: {
    family: SHOP_PERFORMANCE_FAMILY,
    sample: 'analytics-shop-performance',
    notCarried: {
      start_date: 'becomes `date` (00:00 UTC of that day, §10.2)',
      end_date: 'the day after start_date with granularity 1D',
    },
  },
  product_performance: { family: PRODUCT_PERFORMANCE_FAMILY, sample: 'analytics-product-performance', notCarried: {} },
  sku_performance: { family: SKU_PERFORMANCE_FAMILY, sample: 'analytics-sku-performance', notCarried: {} },
  video_performance: { family: VIDEO_PERFORMANCE_FAMILY, sample: 'analytics-video-performance', notCarried: {} },
  live_performance: { family: LIVE_PERFORMANCE_FAMILY, sample: 'analytics-live-performance', notCarried: {} },
};

function build(stream: string): { items: Json[]; records: any[] } {
  const { family, sample } = CASES[stream]!;
  if (family.read.kind !== 'day-report') throw new Error(`${stream} is not a day report`);
  const reply = readSample(sample);
  expect(reply).toMatchObject({ code: 0, message: 'Success', request_id: expect.any(String), data: expect.any(Object) });
  const rows = family.read.rows(structuredClone(reply.data), DAY);
  const items = rows.map((row) => structuredClone(row.item));
  return { items, records: rows.map((row) => family.records(row.item, SHOP_ID, undefined).record) };
}

/** Every leaf (string, number, boolean) under `value`, with its path; array positions written []. */
function leaves(value: unknown, path: string, out: Array<[string, unknown]> = []): Array<[string, unknown]> {
  if (Array.isArray(value)) value.forEach((v) => leaves(v, `${path}[]`, out));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) leaves(v, path ? `${path}.${k}` : k, out);
  else if (value !== null && value !== undefined) out.push([path, value]);
  return out;
}

/** Paths of fields the record carries that its schema does not declare, where the schema lists properties. */
function undeclared(value: unknown, node: SchemaNode | undefined, path: string, out: string[] = []): string[] {
  if (!node) return out;
  if (Array.isArray(value)) {
    value.forEach((v) => undeclared(v, node.items, `${path}[]`, out));
  } else if (typeof value === 'object' && value !== null && node.properties) {
    for (const [k, v] of Object.entries(value)) {
      if (!(k in node.properties)) out.push(`${path}.${k}`);
      else undeclared(v, node.properties[k], `${path}.${k}`, out);
    }
  }
  return out;
}

describe.each(Object.keys(CASES))('%s: the documented reply', (stream) => {
  const { items, records } = build(stream);

  test('becomes records that validate against the schema', () => {
    expect(records.length).toBeGreaterThan(0);
    for (const record of records) expect(errorsOf(stream, record)).toEqual([]);
  });

  test('every field of the records is declared in the schema (nested objects with properties too)', () => {
    const schema = loadSchema(stream);
    for (const record of records) expect(undeclared(record, schema, '')).toEqual([]);
  });

  test('every value of the reply reaches the record, except the fields listed as not carried', () => {
    const { notCarried } = CASES[stream]!;
    items.forEach((item, i) => {
      const carried = new Set(leaves(records[i]!, '').map(([, v]) => String(v)));
      const missing = [...new Set(leaves(item, '').filter(([, v]) => !carried.has(String(v))).map(([path]) => path))].sort();
      expect(missing).toEqual(Object.keys(notCarried).sort());
    });
  });

  test('the records carry the shop and the day', () => {
    for (const record of records) expect(record).toMatchObject({ shop_id: SHOP_ID, date: expect.any(Number) });
    if (stream !== 'shop_performance') for (const record of records) expect(record.date).toBe(dayValue);
  });
});

test('shop performance: one record per daily interval, money as decimal strings, both breakdowns kept as sent', () => {
  const { records } = build('shop_performance');
  expect(records.map((r) => r.date)).toEqual([Date.parse('2025-09-13T00:00:00Z') / 1000, Date.parse('2025-09-14T00:00:00Z') / 1000]);
  expect(records[0]).toMatchObject({
    gmv: '1284.37',
    currency: 'GBP',
    gross_revenue: '1190.02',
    refunds: '64.98',
    orders_count: 41,
    items_sold: 57,
    sku_orders_count: 23,
    avg_customers_count: 38,
    avg_page_views: 2317,
    avg_visitors: 1406,
    avg_conversion_rate: '0.0270',
  });
  expect(records[0].gmv_breakdowns).toEqual([
    { type: 'VIDEO', gmv: { amount: '512.10', currency: 'GBP' } },
    { type: 'LIVE', gmv: { amount: '301.84', currency: 'GBP' } },
    { type: 'PRODUCT_CARD', gmv: { amount: '470.43', currency: 'GBP' } },
  ]);
  expect(records[0].gross_revenue_breakdowns).toEqual([{ type: 'ADS', percentage: '0.3712' }, { type: 'ORGANIC', percentage: '0.6288' }]);
});

test('SKU performance: ids sent as JSON integers above 2^53 keep every digit (§10.4)', () => {
  const raw = readFileSync(join(ROOT, 'tests', 'fixtures', 'api-samples', 'analytics-sku-performance.json'), 'utf8');
  expect(raw).toMatch(/"id": 1729587769570353297,/); // a bare integer in the reply, as documented
  expect(Number('1729587769570353297')).toBeGreaterThan(Number.MAX_SAFE_INTEGER);
  const { records } = build('sku_performance');
  expect(records[0]).toMatchObject({ id: '1729587769570353297', product_id: '1729587769570287761', gmv: '279.80', currency: 'GBP', sku_orders: 16, units_sold: 20 });
  expect(records[1]).toMatchObject({ id: '1729587769570419601', product_id: '1729587769570287761' });
  // JSON.parse alone would have emitted a neighbouring id
  expect(String(JSON.parse(raw).data.skus[0].id)).not.toBe('1729587769570353297');
});

test('product performance: the 202509 string id, and the bare 19-digit integer of the older documentation (§10.3)', () => {
  const { records } = build('product_performance');
  expect(records[0]).toMatchObject({ id: '1729587769570287761', gmv: '419.70', currency: 'GBP', items_sold: 30, orders: 24 });
  const older = parseKeepingBigIntegers('{"id":1732333333333333629,"overall_performance":{"gmv":{"amount":"0","currency":"USD"},"items_sold":0,"orders":0}}') as Json;
  const record = productPerformanceRecord({ ...older, date: dayValue }, SHOP_ID);
  expect(record.id).toBe('1732333333333333629');
  expect(errorsOf('product_performance', record)).toEqual([]);
});

test('video performance: gmv and gpm become amounts, products and hash tags stay lists', () => {
  const { records } = build('video_performance');
  expect(records[0]).toMatchObject({ id: '7549120318840425750', gmv: '512.10', gpm: '27.75', currency: 'GBP', duration: 42, views: 18452, click_through_rate: '0.0528' });
  expect(records[0].products).toEqual([
    { id: '1729587769570287761', name: 'Chunky Wool Throw Blanket 130x170 cm' },
    { id: '1729592263811174545', name: 'Linen Cushion Cover 45x45 cm (set of 2)' },
  ]);
  expect(errorsOf('video_performance', { ...records[0], products: [{ id: 42, name: 'x' }] })).toEqual([
    expect.stringMatching(/^\/products\/0\/id must be string/),
  ]);
});

test('LIVE performance: start and end become integer seconds, the metric groups stay objects with their money objects', () => {
  const { records } = build('live_performance');
  expect(records[0]).toMatchObject({ id: '7549163387120453409', start_time: 1757761200, end_time: 1757768400, gmv: '301.84', currency: 'GBP' });
  expect(records[0].sales_performance['24h_live_gmv']).toEqual({ amount: '356.79', currency: 'GBP' });
  expect(records[0].interaction_performance).toMatchObject({ acu: 96, avg_viewing_duration: '58', click_through_rate: '3.75%' });
  const wrong = structuredClone(records[0]);
  wrong.sales_performance.avg_price.amount = 27.44; // money stays a decimal string
  expect(errorsOf('live_performance', wrong)).toEqual([expect.stringMatching(/^\/sales_performance\/avg_price\/amount must be string/)]);
});
