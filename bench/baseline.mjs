// The ceiling the tap is measured against (issue 16): the fastest honest client of orders and their line items.
// It makes the requests the tap makes — Get Authorized Shops, then Search Orders by keyset on update_time, each
// request signed as the API requires (bench/sign.mjs, tiktok-shop-api.md §2), the next page asked for as soon as the
// current one is parsed — and writes one Singer RECORD line per order and per line item, built in place on the
// parsed objects. Nothing else: no validation, no schema shaping (so no null columns, and times stay Unix seconds),
// no SCHEMA or STATE, no retries, no metrics, no dependencies.
// With --shaped (an informational variant, not the ceiling) it writes records as the tap does by default instead:
// every schema column in schema order, null where absent, Unix seconds as RFC 3339, so the cost of that output
// format can be told apart from the rest of the tap's overhead.
// Usage: node bench/baseline.mjs CONFIG.json [--shaped]   (RECORD lines on stdout; "baseline: N records, M requests")
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { keysetPages } from './keyset.mjs';
import { encode, sign } from './sign.mjs';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const base = new URL(config.api_base_url);
const agent = new Agent({ keepAlive: true });
// §2.1: the token in this header, never signed; content-type on every request.
const headers = { 'content-type': 'application/json', 'x-tts-access-token': config.access_token };
const SEARCH = '/order/202309/orders/search';
const pageSize = String(config.page_size ?? 100);
let requests = 0;
let records = 0;

/** One signed call; resolves with the reply's `data`. */
function call(method, path, query, body) {
  query.app_key = config.app_key;
  query.timestamp = String(Math.floor(Date.now() / 1000));
  query.sign = sign(config.app_secret, path, query, body ?? '');
  requests++;
  return new Promise((resolve, reject) => {
    const req = request({ host: base.hostname, port: base.port, method, path: `${path}?${encode(query)}`, agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        try {
          const reply = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          if (reply.code !== 0) reject(new Error(`baseline: ${method} ${path}: ${reply.code} ${reply.message}`));
          else resolve(reply.data);
        } catch (error) {
          reject(error);
        }
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** --shaped: the record as the tap writes it (src/sync/stream-output.ts), from schemas/STREAM.json. */
function shaper(stream) {
  const schema = JSON.parse(readFileSync(new URL(`../schemas/${stream}.json`, import.meta.url), 'utf8'));
  const columns = Object.keys(schema.properties);
  const times = new Set(columns.filter((column) => schema.properties[column]['x-unix-seconds'])); // all top level here
  const template = JSON.parse(JSON.stringify(Object.fromEntries(columns.map((column) => [column, null]))));
  return (record) => {
    const out = { ...template };
    for (const key in record) {
      const value = record[key];
      if (value !== undefined) out[key] = typeof value === 'number' && times.has(key) ? rfc3339(value) : value;
    }
    return out;
  };
}
const days = new Map();
const pad = (n) => (n < 10 ? `0${n}` : `${n}`);
function rfc3339(seconds) {
  const day = Math.floor(seconds / 86400);
  let prefix = days.get(day);
  if (prefix === undefined) days.set(day, (prefix = new Date(day * 86400000).toISOString().slice(0, 11)));
  const rest = seconds - day * 86400;
  return `${prefix}${pad(Math.floor(rest / 3600))}:${pad(Math.floor((rest % 3600) / 60))}:${pad(rest % 60)}Z`;
}
const shaped = process.argv[3] === '--shaped';
const shapeOrder = shaped ? shaper('orders') : (order) => order;
const shapeLine = shaped ? shaper('order_line_items') : (line) => line;

const write = (text) => (process.stdout.write(text) ? undefined : new Promise((resolve) => process.stdout.once('drain', resolve)));

/** One shop's orders over [lo, hi), each page written while the next is requested. */
async function syncShop(shop, lo, hi) {
  const search = (cursor, token) =>
    call('POST', SEARCH, { shop_cipher: shop.cipher, page_size: pageSize, sort_field: 'update_time', sort_order: 'ASC', page_token: token }, JSON.stringify({ update_time_ge: cursor, update_time_lt: hi }));
  for await (const orders of keysetPages(search, lo, hi)) {
    const extracted = new Date().toISOString();
    let out = '';
    for (const order of orders) {
      const lines = order.line_items ?? [];
      order.line_items = undefined; // dropped by JSON.stringify, and no delete (V8's slow mode)
      order.shop_id = shop.id;
      out += `{"type":"RECORD","stream":"orders","record":${JSON.stringify(shapeOrder(order))},"time_extracted":"${extracted}"}\n`;
      for (const line of lines) {
        line.order_id = order.id;
        line.shop_id = shop.id;
        out += `{"type":"RECORD","stream":"order_line_items","record":${JSON.stringify(shapeLine(line))},"time_extracted":"${extracted}"}\n`;
      }
      records += 1 + lines.length;
    }
    await write(out);
  }
}

// The window the tap reads on a first run: start_date (UTC) to now − 300 s (src/sync/bounds.ts).
const lo = Math.floor(Date.parse(config.start_date ?? '2020-01-01T00:00:00Z') / 1000);
const hi = Math.floor(Date.now() / 1000) - 300;
const { shops } = await call('GET', '/authorization/202309/shops', {});
for (const shop of shops) await syncShop(shop, lo, hi);
agent.destroy();
process.stderr.write(`baseline: ${records} records, ${requests} requests\n`);
