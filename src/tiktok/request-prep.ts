import { forbidsShopCipher, matchEndpoint, type EndpointSpec } from './endpoints.js';
import { ClientUsageError } from './errors.js';
import { signRequest } from './signing.js';

/**
 * Turning a caller's request into what goes on the wire: validated once up front, then signed afresh for
 * every attempt. References are to docs/tiktok-shop-api.md.
 */
export interface ApiRequest {
  method: 'GET' | 'POST';
  /** Concrete path, e.g. /order/202407/orders/123/price_detail. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** JSON; serialized once, and that exact string is signed and sent. */
  body?: unknown;
  /** Shop-scoped endpoints: adds shop_cipher and selects the rate bucket. */
  shop?: { id: string; cipher: string };
  /** Short name for logs/metrics (default: the path template). */
  endpoint?: string;
  /** Extra metric tags (stream, shop_id). */
  tags?: Record<string, string>;
}

/** A validated request, ready to be signed for each attempt. */
export interface Prepared {
  method: 'GET' | 'POST';
  path: string;
  query: Record<string, string>;
  body: string | undefined;
  shop: { id: string; cipher: string } | undefined;
  /** `METHOD /path`, for messages. */
  label: string;
  /** Metric/log endpoint name. */
  endpoint: string;
  tags: Record<string, string>;
  bucket: string;
}

/** One HTTP exchange, exactly as it will be sent. */
export interface SendSpec {
  method: 'GET' | 'POST';
  url: string;
  body: string | undefined;
  headers: Record<string, string>;
  endpoint: string;
  tags: Record<string, string>;
  /** Values to scrub from anything derived from this attempt (its sign). */
  mask: string[];
}

export interface SigningContext {
  appKey: string;
  appSecret: string;
  apiBaseUrl: string;
  /** ms. */
  now: () => number;
}

/** Query keys the client owns; a caller setting them would break signing or scoping. */
const RESERVED_QUERY = new Set(['app_key', 'timestamp', 'sign', 'shop_cipher', 'access_token', 'x-tts-access-token']);
/** Rate bucket for calls that belong to no shop (authorized shops). */
export const APP_BUCKET = '\u0000app';

/** Percent-encode keys and values (page tokens hold `+ / =`, §4); the signature uses the raw values (§2.2). */
export function encodeQuery(query: Readonly<Record<string, string>>): string {
  return Object.entries(query)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
    .join('&');
}

export function trimBase(url: string): string {
  return url.replace(/\/+$/, '');
}

/** Reject misuse before anything is sent, so a caller bug never reaches the API as a confusing error code. */
export function prepareRequest(req: ApiRequest): Prepared {
  if (!req.path.startsWith('/') || /[?#]/.test(req.path)) {
    throw new ClientUsageError(`request path must be a bare path starting with "/" (got ${JSON.stringify(req.path)}); put parameters in query`);
  }
  const spec: EndpointSpec | undefined = matchEndpoint(req.method, req.path);
  if (req.shop && forbidsShopCipher(req.path)) {
    throw new ClientUsageError(`${req.path} must not carry shop_cipher (the API answers 36009004, see tiktok-shop-api.md §2.1); do not pass "shop"`);
  }
  if (spec?.shopScoped && !req.shop) throw new ClientUsageError(`${req.method} ${spec.path} is shop-scoped; pass "shop" with its cipher`);
  if (req.method === 'GET' && req.body !== undefined) throw new ClientUsageError(`GET ${req.path} cannot carry a body`);
  if (typeof req.body === 'string') throw new ClientUsageError('pass the body as a value, not a JSON string: the client serializes it once and signs that');

  const query: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.query ?? {})) {
    if (RESERVED_QUERY.has(key)) throw new ClientUsageError(`query parameter "${key}" is set by the client`);
    if (value === undefined || value === '') continue; // §2.2: empty values are neither sent nor signed.
    query[key] = String(value);
  }
  // §2.2 G9: POST always sends a body (at least {}) and signs exactly that string.
  const body = req.method === 'POST' ? JSON.stringify(req.body ?? {}) : undefined;
  return {
    method: req.method,
    path: req.path,
    query,
    body,
    shop: req.shop,
    label: `${req.method} ${req.path}`,
    endpoint: req.endpoint ?? spec?.path ?? req.path,
    tags: req.tags ?? {},
    bucket: req.shop?.id ?? APP_BUCKET,
  };
}

export function signAttempt(p: Prepared, accessToken: string, ctx: SigningContext): SendSpec {
  // A fresh timestamp per attempt: the API accepts only now−5 min … now+30 s (§2.1, G7).
  const query: Record<string, string> = { ...p.query, app_key: ctx.appKey, timestamp: String(Math.floor(ctx.now() / 1000)) };
  if (p.shop) query.shop_cipher = p.shop.cipher;
  const sign = signRequest(ctx.appSecret, p.path, query, p.body ?? '');
  return {
    method: p.method,
    url: `${trimBase(ctx.apiBaseUrl)}${p.path}?${encodeQuery({ ...query, sign })}`,
    body: p.body,
    // §2.1: the token goes in this header, never in the query, and is not signed.
    headers: { 'x-tts-access-token': accessToken },
    endpoint: p.endpoint,
    tags: p.tags,
    mask: [sign],
  };
}
