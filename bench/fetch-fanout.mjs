// The yardstick of per-order requests: a minimal client on Node's own `fetch` that makes the requests the
// tap makes for orders + price detail, in the same order and with the same number in flight. Get Authorized Shops;
// Search Orders by keyset in pages of PAGE_SIZE (the tap's page while per-order requests are selected), the next
// page asked for as soon as the current one is parsed; per page, one Get Price Detail per order, at most
// CONCURRENCY requests in flight across all of them (searches included, as the tap's limit counts every request),
// the page done when all its replies are in (the tap checkpoints there). One RECORD line per order and per price
// detail line, built in place on the parsed replies; no validation, state, retries or metrics.
// Usage: node bench/fetch-fanout.mjs CONFIG.json PAGE_SIZE CONCURRENCY   ("fetch-fanout: N records, M requests")
import { readFileSync } from 'node:fs';
import { keysetPages } from './keyset.mjs';
import { encode, sign } from './sign.mjs';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const pageSize = process.argv[3];
const concurrency = Number(process.argv[4]);
if (!(Number(pageSize) >= 1 && concurrency >= 1)) throw new Error('usage: node bench/fetch-fanout.mjs CONFIG.json PAGE_SIZE CONCURRENCY');
const base = config.api_base_url.replace(/\/+$/, '');
const headers = { 'content-type': 'application/json', 'x-tts-access-token': config.access_token };
const SEARCH = '/order/202309/orders/search';
let requests = 0;
let records = 0;

// At most `concurrency` calls in flight; the rest wait in arrival order.
let active = 0;
const waiting = [];
async function limited(work) {
  if (active >= concurrency) await new Promise((resolve) => waiting.push(resolve));
  active++;
  try {
    return await work();
  } finally {
    active--;
    waiting.shift()?.();
  }
}

/** One signed call; resolves with the reply's `data`. */
function call(method, path, query, body) {
  return limited(async () => {
    query.app_key = config.app_key;
    query.timestamp = String(Math.floor(Date.now() / 1000));
    query.sign = sign(config.app_secret, path, query, body ?? '');
    requests++;
    const response = await fetch(`${base}${path}?${encode(query)}`, { method, headers, body });
    const reply = await response.json();
    if (reply.code !== 0) throw new Error(`fetch-fanout: ${method} ${path}: ${reply.code} ${reply.message}`);
    return reply.data;
  });
}

let out = '';
const write = (line) => {
  out += line;
  if (out.length >= 65536) flush();
};
const flush = () => {
  process.stdout.write(out);
  out = '';
};

async function priceDetail(shop, orderId) {
  const detail = await call('GET', `/order/202407/orders/${orderId}/price_detail`, { shop_cipher: shop.cipher });
  const extracted = new Date().toISOString();
  const lines = detail.line_items ?? [];
  detail.line_items = undefined;
  // As the tap's records: each line keyed (order_id, line_item_id), the order-level values beside it.
  for (const line of lines) {
    line.line_item_id = line.id;
    line.id = undefined;
    line.order_id = orderId;
    line.shop_id = shop.id;
    line.order_price_detail = detail;
    write(`{"type":"RECORD","stream":"order_line_item_price_detail","record":${JSON.stringify(line)},"time_extracted":"${extracted}"}\n`);
  }
  records += lines.length;
}

/** One shop: keyset paging as the baseline does it (bench/keyset.mjs), then the page's price details. */
async function syncShop(shop, lo, hi) {
  const search = (cursor, token) =>
    call('POST', SEARCH, { shop_cipher: shop.cipher, page_size: pageSize, sort_field: 'update_time', sort_order: 'ASC', page_token: token }, JSON.stringify({ update_time_ge: cursor, update_time_lt: hi }));
  for await (const orders of keysetPages(search, lo, hi)) {
    const extracted = new Date().toISOString();
    const details = [];
    for (const order of orders) {
      order.line_items = undefined;
      order.shop_id = shop.id;
      write(`{"type":"RECORD","stream":"orders","record":${JSON.stringify(order)},"time_extracted":"${extracted}"}\n`);
      records++;
      details.push(priceDetail(shop, order.id));
    }
    await Promise.all(details);
  }
}

const lo = Math.floor(Date.parse(config.start_date ?? '2020-01-01T00:00:00Z') / 1000);
const hi = Math.floor(Date.now() / 1000) - 300;
const { shops } = await call('GET', '/authorization/202309/shops', {});
for (const shop of shops) await syncShop(shop, lo, hi);
flush();
process.stderr.write(`fetch-fanout: ${records} records, ${requests} requests\n`);
