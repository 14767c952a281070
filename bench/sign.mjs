// The request signature of docs/tiktok-shop-api.md §2.2, written apart from src/tiktok/signing.ts so the
// baselines stay a fixed yardstick whatever the tap's code becomes: hex HMAC-SHA256 keyed by the app secret over
// secret + path + (key + value for each query key in code-unit order, `sign` and `access_token` left out, empty
// values neither sent nor signed) + body + secret. `selfCheck` runs it on vector C2 of §2.3 before any bench.
import { createHmac } from 'node:crypto';

export function sign(secret, path, query, body) {
  let base = path;
  for (const key of Object.keys(query).sort()) {
    if (key === 'sign' || key === 'access_token' || query[key] === '') continue;
    base += key + query[key];
  }
  return createHmac('sha256', secret).update(secret + base + body + secret, 'utf8').digest('hex');
}

/** The query string as sent: keys and values percent-encoded (page tokens carry `+ / =`, §4); empty values left out. */
export function encode(query) {
  let out = '';
  for (const key in query) {
    if (query[key] === '') continue;
    out += `${out ? '&' : ''}${encodeURIComponent(key)}=${encodeURIComponent(query[key])}`;
  }
  return out;
}

export function selfCheck() {
  const got = sign(
    's3cr3t',
    '/order/202309/orders/search',
    { app_key: '38abcd', page_size: '50', shop_cipher: 'ROW_TestCipher123', sort_field: 'update_time', sort_order: 'ASC', timestamp: '1700000000', page_token: 'aDU2dHIz+MlFh/ME5C==', access_token: 'TTP_xyz' },
    '{"update_time_ge":1699913600,"update_time_lt":1700000000}',
  );
  if (got !== 'a7fd470b139d28872e0bcd232c2fd7e56fe69662e81174d0a55cbfd8c2b7f575') throw new Error(`bench/sign.mjs does not reproduce vector C2 of tiktok-shop-api.md §2.3 (got ${got})`);
}
