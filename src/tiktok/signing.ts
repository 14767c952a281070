import { createHmac } from 'node:crypto';

/**
 * TikTok Shop request signature (docs/tiktok-shop-api.md §2.2):
 * hex HMAC-SHA256 keyed by the app secret over `secret + path + sorted(key+value) + body + secret`.
 * `sign` and `access_token` never take part; empty values are neither sent nor signed (§2.2, S-NET).
 * Keys sort in plain code-unit order, which is what Array.prototype.sort does without a comparator.
 */
export function signRequest(appSecret: string, path: string, query: Readonly<Record<string, string>>, body = ''): string {
  const keys = Object.keys(query)
    .filter((key) => key !== 'sign' && key !== 'access_token' && query[key] !== '')
    .sort();
  let base = path;
  for (const key of keys) base += key + query[key];
  base += body;
  return createHmac('sha256', appSecret).update(appSecret + base + appSecret, 'utf8').digest('hex');
}
