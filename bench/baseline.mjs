// The raw baseline of scenario 1: sign, page through Search Orders, write RECORD lines of the API objects (orders and
// their line items) with no validation, no state and no retries. What the tap is compared with.
// Usage: node bench/baseline.mjs CONFIG.json SHOP_CIPHER   (RECORD lines on stdout, the count on stderr)
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { signRequest } from '../dist/src/tiktok/signing.js';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const cipher = process.argv[3];
const agent = new (await import('node:http')).Agent({ keepAlive: true });
const path = '/order/202309/orders/search';
let token = '';
let records = 0;
const extracted = new Date().toISOString();

function post(query, body) {
  return new Promise((resolve, reject) => {
    const url = new URL(config.api_base_url + path);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'x-tts-access-token': config.access_token } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const lt = Math.floor(Date.now() / 1000) - 300;
for (;;) {
  const body = JSON.stringify({ update_time_ge: 1577836800, update_time_lt: lt });
  const query = { app_key: config.app_key, timestamp: String(Math.floor(Date.now() / 1000)), shop_cipher: cipher, page_size: '100', sort_field: 'update_time', sort_order: 'ASC' };
  if (token) query.page_token = token;
  query.sign = signRequest(config.app_secret, path, query, body);
  const reply = await post(query, body);
  if (reply.code !== 0) throw new Error(`baseline: ${reply.code} ${reply.message}`);
  let out = '';
  for (const order of reply.data.orders) {
    const { line_items: lines, ...rest } = order;
    out += `{"type":"RECORD","stream":"orders","record":${JSON.stringify({ ...rest, shop_id: cipher })},"time_extracted":"${extracted}"}\n`;
    records++;
    for (const line of lines) {
      out += `{"type":"RECORD","stream":"order_line_items","record":${JSON.stringify({ ...line, order_id: order.id, shop_id: cipher })},"time_extracted":"${extracted}"}\n`;
      records++;
    }
  }
  if (!process.stdout.write(out)) await new Promise((r) => process.stdout.once('drain', r));
  token = reply.data.next_page_token;
  if (!token) break;
}
process.stderr.write(`baseline: ${records} records\n`);
agent.destroy();
