/**
 * HTTP front of the sandbox: routing, the gateway rules of the TikTok Shop Partner API (/work/shared/tiktok-shop-api.md
 * §2–§4), injected faults and throttling, and the unsigned control surface under /__sandbox/.
 *
 * Codes and HTTP statuses where the reference leaves a choice (all documented here and in the README of the report):
 *   36009004 "Invalid app_key" ............................................ HTTP 400 (observed live, §3.2)
 *   36009004 other gateway/param errors (sign missing, timestamp, access_token, shop_cipher, page_size, page_token,
 *            sort, body) .................................................. HTTP 400
 *   106001 bad signature .................................................. HTTP 401
 *   106013 shop_cipher missing ............................................ HTTP 400
 *   105002 access token expired ........................................... HTTP 401
 *   36009022 POST without Content-Type application/json ................... HTTP 400
 *   36009009 unknown path ................................................. HTTP 404
 *   36009010 wrong method on a known path ................................. HTTP 405
 *   36009002 throttled (rate limit or injected) ........................... HTTP 429 (Retry-After on every other one)
 *   36009003 injected server error ........................................ HTTP 500 or 503
 *   21008111 price_detail / external_orders of an unknown order ........... HTTP 200
 *   12019118 / 12019119 product search with a bad create / update time filter (`_lt`, `_gt`, or ge > le) HTTP 200
 *   12019027 / 12019087 product search with > 10 seller_skus / sku_ids ... HTTP 200
 *   12052048 Get Product of an unknown, FREEZE or DELETED product ......... HTTP 200 (message says which)
 *   36004004 token get with a bad auth_code, token refresh with an unknown, retired or expired refresh_token (HTTP 400)
 * Product search stops at 10,000 results: `total_count` is the true count, but no page token is handed out past the
 * 10,000th product (the page that reaches it is cut there and its `next_page_token` is "").
 * Page tokens are base64 (with + / =) of a version byte, the offset into the live sorted result and 8 bytes of a
 * fingerprint of (endpoint, shop, sort, filters) — page_size may change between pages; any other change is refused.
 */
import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createHash } from 'node:crypto';
import { signRequest } from '../tiktok/signing.js';
import { ALNUM, Rng, hashString } from './random.js';
import type { FaultKind, ResolvedOptions } from './options.js';
import type { OrderQuery, ProductQuery, ReturnQuery, ShopState, Store, View } from './store.js';
import { ORDER_STATUSES, PRODUCT_STATUSES, type AdvanceOptions, type AdvanceResult } from './types.js';

type Scope = 'shop' | 'app' | 'auth';
type Kind = 'shops' | 'orders' | 'order_detail' | 'price_detail' | 'external_orders' | 'returns' | 'products' | 'product'
  | 'token_refresh' | 'token_get';

interface Route {
  method: 'GET' | 'POST';
  pattern: RegExp;
  template: string;
  kind: Kind;
  scope: Scope;
}

const ROUTES: readonly Route[] = [
  { method: 'GET', pattern: /^\/authorization\/202309\/shops$/, template: '/authorization/202309/shops', kind: 'shops', scope: 'app' },
  { method: 'POST', pattern: /^\/order\/202309\/orders\/search$/, template: '/order/202309/orders/search', kind: 'orders', scope: 'shop' },
  { method: 'GET', pattern: /^\/order\/(202309|202507)\/orders$/, template: '/order/{version}/orders', kind: 'order_detail', scope: 'shop' },
  { method: 'GET', pattern: /^\/order\/202407\/orders\/([^/]+)\/price_detail$/, template: '/order/202407/orders/{order_id}/price_detail', kind: 'price_detail', scope: 'shop' },
  { method: 'GET', pattern: /^\/order\/202406\/orders\/([^/]+)\/external_orders$/, template: '/order/202406/orders/{order_id}/external_orders', kind: 'external_orders', scope: 'shop' },
  { method: 'POST', pattern: /^\/return_refund\/202309\/returns\/search$/, template: '/return_refund/202309/returns/search', kind: 'returns', scope: 'shop' },
  { method: 'POST', pattern: /^\/product\/202502\/products\/search$/, template: '/product/202502/products/search', kind: 'products', scope: 'shop' },
  { method: 'GET', pattern: /^\/product\/202309\/products\/([^/]+)$/, template: '/product/202309/products/{product_id}', kind: 'product', scope: 'shop' },
  { method: 'GET', pattern: /^\/api\/v2\/token\/refresh$/, template: '/api/v2/token/refresh', kind: 'token_refresh', scope: 'auth' },
  { method: 'GET', pattern: /^\/api\/v2\/token\/get$/, template: '/api/v2/token/get', kind: 'token_get', scope: 'auth' },
];

/** External platforms the reference lists (§5.5); the configured ones are accepted too. */
const KNOWN_PLATFORMS = ['SHOPIFY', 'WOOCOMMERCE', 'BIGCOMMERCE', 'MAGENTO', 'SALESFORCE_COMMERCE_CLOUD', 'CHANNEL_ADVISOR',
  'AMAZON', 'ORDER_MANAGEMENT_SYSTEM', 'WAREHOUSE_MANAGEMENT_SYSTEM', 'ERP_SYSTEM'];

export const PRODUCT_SEARCH_CAP = 10000;
export const PRODUCT_UNAVAILABLE = 12052048;

export interface SandboxInfo {
  base_url: string;
  auth_base_url: string;
  app_key: string;
  app_secret: string;
  access_token: string;
  refresh_token: string;
}

export interface SandboxStats {
  /** API and auth requests (control calls excluded). */
  requests: number;
  /** Requests per "METHOD /path/{template}". */
  by_endpoint: Record<string, number>;
  /** Requests per shop id (requests with a known shop_cipher). */
  by_shop: Record<string, number>;
  /** Requests refused by the rate limit (not counting injected 429s). */
  throttled: number;
  /** Injected faults, in total and per kind. */
  faults: number;
  faults_by_kind: Record<FaultKind, number>;
  /** Successful token refreshes and token gets. */
  refreshes: number;
  token_gets: number;
  /** Error answers per code (throttles and injected faults included). */
  errors: Record<string, number>;
  /** Orders moved by the movingUpdates quirk. */
  moved_updates: number;
}

class ApiError extends Error {
  constructor(readonly status: number, readonly code: number, message: string, readonly headers: Record<string, string> = {}) {
    super(message);
  }
}

const param = (message: string): ApiError => new ApiError(400, 36009004, `Invalid param error: ${message}`);

interface Reply {
  status: number;
  body: string | Buffer;
  headers?: Record<string, string>;
}

interface Ctx {
  route: Route;
  match: RegExpExecArray;
  path: string;
  query: Record<string, string>;
  body: string;
  headers: IncomingMessage['headers'];
  method: string;
  shop: ShopState | undefined;
}

interface TokenInfo {
  expiresAt: number;
}

interface RefreshInfo {
  expiresAt: number;
  active: boolean;
}

const wallNow = (): number => Math.floor(Date.now() / 1000);
const COMMA = Buffer.from(',');
const CLOSE_BRACE = Buffer.from('}');
const CLOSE_PAGE = Buffer.from(']}');

export class SandboxServer {
  readonly store: Store;
  private readonly opts: ResolvedOptions;
  private readonly seed: number;
  private readonly server: http.Server;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly sockets = new Set<Socket>();
  private readonly faultRng: Rng;
  private readonly moveRng: Rng;
  private readonly latencyRng: Rng;
  private readonly accessTokens = new Map<string, TokenInfo>();
  private readonly refreshTokens = new Map<string, RefreshInfo>();
  private readonly authCodes = new Set<string>();
  private readonly buckets = new Map<string, { tokens: number; last: number; throttles: number }>();
  private warmHandle: NodeJS.Immediate | undefined;
  private closed = false;
  private tokenCounter = 0;
  private requestCounter = 0;
  private moveCounter = 0;
  private injected429 = 0;
  private stamp = { second: -1, text: '' };
  private stats_: SandboxStats = emptyStats();
  private initialTokens: { access_token: string; refresh_token: string } | undefined;
  info: SandboxInfo | undefined;

  constructor(store: Store, opts: ResolvedOptions) {
    this.store = store;
    this.opts = opts;
    this.seed = hashString(String(opts.seed));
    this.faultRng = new Rng(this.seed, 901);
    this.moveRng = new Rng(this.seed, 902);
    this.latencyRng = new Rng(this.seed, 903);
    this.server = http.createServer({ keepAlive: true }, (req, res) => this.onRequest(req, res));
    this.server.keepAliveTimeout = 30_000;
    this.server.on('connection', (socket: Socket) => {
      socket.setNoDelay(true);
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    const issued = this.issueTokens();
    this.initialTokens = { access_token: issued.access_token, refresh_token: issued.refresh_token };
  }

  async listen(): Promise<SandboxInfo> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.opts.port, this.opts.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const address = this.server.address() as AddressInfo;
    const base = `http://${this.opts.host}:${address.port}`;
    const tokens = this.initialTokens ?? this.issueTokens();
    if (this.opts.warmup === 'background') this.warmHandle = setImmediate(() => this.warmStep());
    this.info = {
      base_url: base,
      auth_base_url: base,
      app_key: this.opts.appKey,
      app_secret: this.opts.appSecret,
      access_token: tokens.access_token,
      refresh_token: tokens.refresh_token,
    };
    return this.info;
  }

  private warmStep(): void {
    this.warmHandle = undefined;
    if (this.closed) return;
    if (this.store.warm(100)) this.warmHandle = setImmediate(() => this.warmStep());
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.warmHandle) clearImmediate(this.warmHandle);
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
      for (const socket of this.sockets) socket.destroy();
    });
  }

  stats(): SandboxStats {
    return structuredClone({ ...this.stats_, moved_updates: this.store.movedUpdates() });
  }

  resetStats(): void {
    this.stats_ = emptyStats();
  }

  advance(options: AdvanceOptions): AdvanceResult {
    return this.store.advance(options);
  }

  /** Make every access token issued so far expired (the next API call gets 105002). */
  expireAccessTokens(): void {
    for (const info of this.accessTokens.values()) info.expiresAt = wallNow() - 1;
  }

  /** A single-use auth code for GET /api/v2/token/get. */
  issueAuthCode(): string {
    const code = 'SBX_AUTH_' + new Rng(this.seed, 904, this.authCodes.size, this.tokenCounter).chars(24, ALNUM);
    this.authCodes.add(code);
    return code;
  }

  // ----------------------------------------------------------------------------------------------- plumbing

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = chunks.length === 0 ? '' : chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8');
      try {
        this.dispatch(req, res, body);
      } catch (error) {
        this.sendNow(res, { status: 500, body: this.envelope(36009003, `Internal error: ${(error as Error).message}`, null) });
      }
    });
    req.on('error', () => res.destroy());
  }

  private dispatch(req: IncomingMessage, res: ServerResponse, body: string): void {
    const url = req.url ?? '/';
    const qmark = url.indexOf('?');
    const path = qmark < 0 ? url : url.slice(0, qmark);
    const method = req.method ?? 'GET';
    if (path.startsWith('/__sandbox/')) {
      this.sendNow(res, this.control(method, path, body));
      return;
    }
    const query: Record<string, string> = {};
    if (qmark >= 0) for (const [k, v] of new URLSearchParams(url.slice(qmark + 1))) query[k] = v;

    this.stats_.requests++;
    let route: Route | undefined;
    let match: RegExpExecArray | null = null;
    let pathKnown = false;
    for (const candidate of ROUTES) {
      const m = candidate.pattern.exec(path);
      if (!m) continue;
      pathKnown = true;
      if (candidate.method === method) {
        route = candidate;
        match = m;
        break;
      }
    }
    if (!route || !match) {
      bump(this.stats_.by_endpoint, `${method} (unknown)`);
      const error = pathKnown ? new ApiError(405, 36009010, 'Invalid HTTP method') : new ApiError(404, 36009009, 'Invalid path');
      this.send(res, this.errorReply(error));
      return;
    }
    bump(this.stats_.by_endpoint, `${method} ${route.template}`);
    const shop = query['shop_cipher'] !== undefined ? this.store.shopByCipherValue(query['shop_cipher']) : undefined;
    if (shop && route.scope === 'shop') bump(this.stats_.by_shop, this.store.shopIdOf(shop));
    const ctx: Ctx = { route, match, path, query, body, headers: req.headers, method, shop };

    let reply: Reply;
    try {
      if (route.scope !== 'auth') this.checkGateway(ctx);
      if (route.scope !== 'auth') this.checkRate(ctx);
    } catch (error) {
      this.send(res, this.errorReply(error));
      return;
    }
    const fault = this.rollFault();
    if (fault === '5xx' || fault === '429' || fault === 'reset') {
      this.injectImmediate(req, res, fault);
      return;
    }
    if (fault && route.scope === 'auth') {
      // A fault on the token service never lets the refresh happen: a rotation whose reply is lost would retire
      // the only refresh token the tap has, and no client can recover from that (the seller must re-authorize).
      // Whether TikTok's service can lose a reply after rotating is unknown (§1.2); the sandbox does not model it.
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (fault === 'truncated') {
          res.writeHead(503, { 'content-type': 'application/json' });
          res.end('{"code":36009003,"mess');
        } else {
          req.socket.destroy();
        }
      }, fault === 'slow' ? this.opts.slowMs : 0);
      this.timers.add(timer);
      return;
    }
    try {
      reply = this.handle(ctx);
    } catch (error) {
      reply = this.errorReply(error);
    }
    if (fault === 'slow') {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (res.destroyed || res.writableEnded) return;
        if (this.faultRng.chance(0.5)) this.sendNow(res, reply);
        else req.socket.destroy();
      }, this.opts.slowMs);
      this.timers.add(timer);
      return;
    }
    if (fault === 'truncated') {
      const body = typeof reply.body === 'string' ? Buffer.from(reply.body) : reply.body;
      const cut = body.subarray(0, Math.max(1, Math.floor(body.length / 2)));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(cut);
      return;
    }
    this.send(res, reply);
  }

  private injectImmediate(req: IncomingMessage, res: ServerResponse, fault: '5xx' | '429' | 'reset'): void {
    if (fault === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault === '429') {
      bump(this.stats_.errors, '36009002');
      const headers: Record<string, string> = this.injected429++ % 2 === 0 ? { 'retry-after': '1' } : {};
      this.send(res, { status: 429, body: this.envelope(36009002, 'Too many requests, please retry later', null), headers });
      return;
    }
    bump(this.stats_.errors, '36009003');
    const status = this.faultRng.chance(0.5) ? 500 : 503;
    this.send(res, { status, body: this.envelope(36009003, 'Internal error, please retry later', null) });
  }

  private rollFault(): FaultKind | undefined {
    if (this.opts.faultRate <= 0) return undefined;
    if (!(this.faultRng.float() < this.opts.faultRate)) return undefined;
    const kind = this.faultRng.pick(this.opts.faultKinds);
    this.stats_.faults++;
    this.stats_.faults_by_kind[kind]++;
    return kind;
  }

  private send(res: ServerResponse, reply: Reply): void {
    const delay = this.opts.latencyMs + (this.opts.latencyJitterMs > 0 ? this.latencyRng.float() * this.opts.latencyJitterMs : 0);
    if (delay <= 0) {
      this.sendNow(res, reply);
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.sendNow(res, reply);
    }, delay);
    this.timers.add(timer);
  }

  private sendNow(res: ServerResponse, reply: Reply): void {
    if (res.destroyed || res.writableEnded) return;
    res.writeHead(reply.status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(reply.body),
      ...reply.headers,
    });
    res.end(reply.body);
  }

  private requestId(): string {
    const now = Date.now();
    const second = Math.floor(now / 1000);
    if (second !== this.stamp.second) {
      const d = new Date(second * 1000).toISOString();
      this.stamp = { second, text: d.slice(0, 19).replace(/[-T:]/g, '') };
    }
    this.requestCounter++;
    return this.stamp.text + this.requestCounter.toString(16).toUpperCase().padStart(10, '0')
      + Math.floor(Math.random() * 0xffffffff).toString(16).toUpperCase().padStart(8, '0');
  }

  private envelope(code: number, message: string, data: string | null): string {
    return `{"code":${code},"message":${JSON.stringify(message)},"request_id":"${this.requestId()}","data":${data ?? 'null'}}`;
  }

  private ok(data: string | Buffer): Reply {
    if (typeof data === 'string') return { status: 200, body: this.envelope(0, 'Success', data) };
    const head = Buffer.from(`{"code":0,"message":"Success","request_id":"${this.requestId()}","data":`);
    return { status: 200, body: Buffer.concat([head, data, CLOSE_BRACE], head.length + data.length + 1) };
  }

  private errorReply(error: unknown): Reply {
    if (error instanceof ApiError) {
      bump(this.stats_.errors, String(error.code));
      return { status: error.status, body: this.envelope(error.code, error.message, null), headers: error.headers };
    }
    bump(this.stats_.errors, '36009003');
    return { status: 500, body: this.envelope(36009003, `Internal error: ${(error as Error).message}`, null) };
  }

  // ------------------------------------------------------------------------------------------------- gateway

  private checkGateway(ctx: Ctx): void {
    const q = ctx.query;
    if (q['app_key'] !== this.opts.appKey) throw new ApiError(400, 36009004, 'Invalid app_key');
    if (!q['sign']) throw new ApiError(400, 36009004, 'Invalid sign: the sign query parameter is missing');
    if (this.opts.checkTimestamp) {
      const ts = q['timestamp'] ?? '';
      const now = wallNow();
      if (!/^\d{1,12}$/.test(ts) || Number(ts) < now - 300 || Number(ts) > now + 30) {
        throw new ApiError(400, 36009004, 'Invalid timestamp. The timestamp must be within 5 minutes before and 30 seconds after the current time');
      }
    }
    const expected = signRequest(this.opts.appSecret, ctx.path, q, ctx.body);
    if (expected !== q['sign']) throw new ApiError(401, 106001, 'Invalid signature');
    if (ctx.route.scope === 'app') {
      if (q['shop_cipher'] !== undefined) {
        throw new ApiError(400, 36009004, 'Unexpected identifier. The shop_cipher query parameter is not required');
      }
    } else {
      if (!q['shop_cipher']) throw new ApiError(400, 106013, 'shop_cipher is missing');
      if (!ctx.shop) throw new ApiError(400, 36009004, 'Invalid shop_cipher');
    }
    const header = ctx.headers['x-tts-access-token'];
    const token = Array.isArray(header) ? header[0] : header;
    if (!token) throw new ApiError(400, 36009004, 'Invalid access_token: the x-tts-access-token header is missing');
    const info = this.accessTokens.get(token);
    if (!info) throw new ApiError(400, 36009004, 'Invalid access_token');
    if (info.expiresAt <= wallNow()) throw new ApiError(401, 105002, 'Access token is expired, please refresh it');
    if (ctx.method === 'POST') {
      const type = ctx.headers['content-type'] ?? '';
      if (!type.toLowerCase().includes('application/json')) {
        throw new ApiError(400, 36009022, 'Invalid Content-Type: the body must be application/json');
      }
    }
  }

  private checkRate(ctx: Ctx): void {
    const rate = this.opts.rateLimit;
    if (rate <= 0) return;
    const key = ctx.shop ? this.store.shopIdOf(ctx.shop) : '__app__';
    const now = performance.now() / 1000;
    const burst = Math.max(1, rate);
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: burst, last: now, throttles: 0 };
      this.buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.last) * rate);
    bucket.last = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return;
    }
    this.stats_.throttled++;
    const wait = Math.max(1, Math.ceil((1 - bucket.tokens) / rate));
    const headers: Record<string, string> = bucket.throttles++ % 2 === 0 ? { 'retry-after': String(wait) } : {};
    throw new ApiError(429, 36009002, 'Too many requests, please retry later', headers);
  }

  // ------------------------------------------------------------------------------------------------ handlers

  private handle(ctx: Ctx): Reply {
    switch (ctx.route.kind) {
      case 'shops':
        return this.ok(this.store.shopsJson());
      case 'orders':
        return this.searchOrders(ctx, shopOf(ctx));
      case 'order_detail':
        return this.orderDetail(ctx, shopOf(ctx));
      case 'price_detail': {
        const st = this.store.orderStateById(shopOf(ctx), decodeURIComponent(ctx.match[1] ?? ''));
        if (!st) throw new ApiError(200, 21008111, 'The order does not exist or does not belong to this shop');
        return this.ok(this.store.priceDetailJson(shopOf(ctx), st));
      }
      case 'external_orders':
        return this.externalOrders(ctx, shopOf(ctx));
      case 'returns':
        return this.searchReturns(ctx, shopOf(ctx));
      case 'products':
        return this.searchProducts(ctx, shopOf(ctx));
      case 'product':
        return this.getProduct(ctx, shopOf(ctx));
      case 'token_refresh':
        return this.tokenRefresh(ctx);
      case 'token_get':
        return this.tokenGet(ctx);
    }
  }

  private searchOrders(ctx: Ctx, shop: ShopState): Reply {
    const size = pageSize(ctx.query, 1, 100, undefined);
    const sortField = enumParam(ctx.query, 'sort_field', ['create_time', 'update_time'] as const, 'create_time');
    const sortOrder = enumParam(ctx.query, 'sort_order', ['ASC', 'DESC'] as const, 'DESC');
    const b = parseBody(ctx.body);
    const status = optString(b, 'order_status');
    if (status !== undefined && !(ORDER_STATUSES as readonly string[]).includes(status)) throw param('order_status');
    const q: OrderQuery = {
      sortField, sortOrder,
      createGe: optTime(b, 'create_time_ge'), createLt: optTime(b, 'create_time_lt'),
      updateGe: optTime(b, 'update_time_ge'), updateLt: optTime(b, 'update_time_lt'),
      status,
      shippingType: optString(b, 'shipping_type'),
      buyerUserId: optString(b, 'buyer_user_id'),
      isBuyerRequestCancel: optBool(b, 'is_buyer_request_cancel'),
      warehouseIds: optStrings(b, 'warehouse_ids', 100),
    };
    const fp = fingerprint('orders', this.store.shopIdOf(shop), q);
    const offset = pageOffset(ctx.query, fp);
    let view = this.store.ordersView(shop, q, fp.hex);
    if (this.opts.movingUpdatesPerPage > 0) {
      // Quirk G1: other orders get updated while this search pages (victims alternate between rows already
      // returned and rows still ahead of the offset; a moved row sorts last: update_time = clock + 1).
      for (let v = 0; v < this.opts.movingUpdatesPerPage && view.length > 0; v++) {
        const returned = Math.min(offset ?? 0, view.length);
        const fromReturned = returned >= view.length || (returned > 0 && this.moveCounter++ % 2 === 0);
        const pos = fromReturned ? this.moveRng.int(0, returned - 1) : this.moveRng.int(returned, view.length - 1);
        this.store.moveOrderForward(shop, view.at(pos));
        view = this.store.ordersView(shop, q, fp.hex);
      }
    }
    return this.ok(this.page(view, offset ?? 0, size, view.length, fp, 'orders', (i) => this.store.orderJsonAt(shop, i)));
  }

  private orderDetail(ctx: Ctx, shop: ShopState): Reply {
    const ids = (ctx.query['ids'] ?? '').split(',').filter(Boolean);
    if (ids.length === 0 || ids.length > 50) throw param('ids must list 1 to 50 order ids');
    const parts: string[] = [];
    for (const id of ids) {
      const st = this.store.orderStateById(shop, id);
      if (st) parts.push(this.store.orderJsonAt(shop, st.i).toString('utf8'));
    }
    return this.ok(`{"orders":[${parts.join(',')}]}`);
  }

  private externalOrders(ctx: Ctx, shop: ShopState): Reply {
    const platform = ctx.query['platform'];
    if (!platform) throw param('platform is required');
    if (!KNOWN_PLATFORMS.includes(platform) && !this.opts.platforms.includes(platform)) throw param(`platform ${platform} is not supported`);
    const st = this.store.orderStateById(shop, decodeURIComponent(ctx.match[1] ?? ''));
    if (!st) throw new ApiError(200, 21008111, 'The order does not exist or does not belong to this shop');
    return this.ok(this.store.externalOrdersJson(shop, st, platform));
  }

  private searchReturns(ctx: Ctx, shop: ShopState): Reply {
    const size = pageSize(ctx.query, 1, 50, 10);
    const sortField = enumParam(ctx.query, 'sort_field', ['create_time', 'update_time'] as const, 'create_time');
    const sortOrder = enumParam(ctx.query, 'sort_order', ['ASC', 'DESC'] as const, 'ASC');
    const b = parseBody(ctx.body);
    const q: ReturnQuery = {
      sortField, sortOrder,
      createGe: optTime(b, 'create_time_ge'), createLt: optTime(b, 'create_time_lt'),
      updateGe: optTime(b, 'update_time_ge'), updateLt: optTime(b, 'update_time_lt'),
      returnIds: optStrings(b, 'return_ids', 100),
      orderIds: optStrings(b, 'order_ids', 100),
      returnStatus: optStrings(b, 'return_status', 50),
      returnTypes: optStrings(b, 'return_types', 10),
    };
    const fp = fingerprint('returns', this.store.shopIdOf(shop), q);
    const offset = pageOffset(ctx.query, fp) ?? 0;
    const view = this.store.returnsView(shop, q, fp.hex);
    return this.ok(this.page(view, offset, size, view.length, fp, 'return_orders', (k) => this.store.returnJsonAt(shop, k)));
  }

  private searchProducts(ctx: Ctx, shop: ShopState): Reply {
    const size = pageSize(ctx.query, 1, 100, undefined);
    const b = parseBody(ctx.body);
    for (const key of ['create_time_lt', 'create_time_gt']) {
      if (b[key] !== undefined) throw new ApiError(200, 12019118, `Invalid create time filter: ${key} is not supported, use create_time_ge / create_time_le`);
    }
    for (const key of ['update_time_lt', 'update_time_gt']) {
      if (b[key] !== undefined) throw new ApiError(200, 12019119, `Invalid update time filter: ${key} is not supported, use update_time_ge / update_time_le`);
    }
    const status = optString(b, 'status');
    if (status !== undefined && status !== 'ALL' && !(PRODUCT_STATUSES as readonly string[]).includes(status)) throw param('status');
    const q: ProductQuery = {
      status,
      createGe: optTime(b, 'create_time_ge'), createLe: optTime(b, 'create_time_le'),
      updateGe: optTime(b, 'update_time_ge'), updateLe: optTime(b, 'update_time_le'),
      sellerSkus: optStrings(b, 'seller_skus', Infinity),
      skuIds: optStrings(b, 'sku_ids', Infinity),
    };
    if (q.createGe !== undefined && q.createLe !== undefined && q.createGe > q.createLe) {
      throw new ApiError(200, 12019118, 'Invalid create time filter: create_time_ge is after create_time_le');
    }
    if (q.updateGe !== undefined && q.updateLe !== undefined && q.updateGe > q.updateLe) {
      throw new ApiError(200, 12019119, 'Invalid update time filter: update_time_ge is after update_time_le');
    }
    if (q.sellerSkus && q.sellerSkus.length > 10) throw new ApiError(200, 12019027, 'seller_skus accepts at most 10 values');
    if (q.skuIds && q.skuIds.length > 10) throw new ApiError(200, 12019087, 'sku_ids accepts at most 10 values');
    const fp = fingerprint('products', this.store.shopIdOf(shop), q);
    const offset = pageOffset(ctx.query, fp) ?? 0;
    const view = this.store.productsView(shop, q, fp.hex);
    const reachable = Math.min(view.length, PRODUCT_SEARCH_CAP);
    return this.ok(this.page(view, offset, size, reachable, fp, 'products', (k) => this.store.productSummaryJsonAt(shop, k), view.length));
  }

  private getProduct(ctx: Ctx, shop: ShopState): Reply {
    const p = this.store.productById(shop, decodeURIComponent(ctx.match[1] ?? ''));
    if (!p) throw new ApiError(200, PRODUCT_UNAVAILABLE, 'The product does not exist');
    if (p.status === 'FREEZE' || p.status === 'DELETED') {
      throw new ApiError(200, PRODUCT_UNAVAILABLE, `The product is ${p.status} and cannot be retrieved`);
    }
    return this.ok(p.json());
  }

  /** One page of a view as `data` JSON bytes; items beyond `reachable` are never served. */
  private page(view: View, offset: number, size: number, reachable: number, fp: Fingerprint, key: string,
    render: (i: number) => string | Buffer, total = view.length): Buffer {
    const end = Math.min(offset + size, reachable);
    const next = end < reachable ? encodeToken(end, fp) : '';
    const parts: Buffer[] = [Buffer.from(`{"total_count":${total},"next_page_token":"${next}","${key}":[`)];
    let length = (parts[0] as Buffer).length + CLOSE_PAGE.length;
    for (let k = offset; k < end; k++) {
      if (k > offset) {
        parts.push(COMMA);
        length++;
      }
      const item = render(view.at(k));
      const buf = typeof item === 'string' ? Buffer.from(item) : item;
      parts.push(buf);
      length += buf.length;
    }
    parts.push(CLOSE_PAGE);
    return Buffer.concat(parts, length);
  }

  // --------------------------------------------------------------------------------------------------- auth

  private issueTokens(): { access_token: string; access_token_expire_in: number; refresh_token: string; refresh_token_expire_in: number } {
    const r = new Rng(this.seed, 905, this.tokenCounter++);
    const access = 'TTP_' + r.chars(43, ALNUM);
    const refresh = 'TTP_' + r.chars(43, ALNUM);
    const now = wallNow();
    const accessExp = now + this.opts.tokenTtl;
    const refreshExp = now + this.opts.refreshTokenTtl;
    this.accessTokens.set(access, { expiresAt: accessExp });
    this.refreshTokens.set(refresh, { expiresAt: refreshExp, active: true });
    return { access_token: access, access_token_expire_in: accessExp, refresh_token: refresh, refresh_token_expire_in: refreshExp };
  }

  private tokenData(tokens: ReturnType<SandboxServer['issueTokens']>): string {
    const first = this.store.shops()[0];
    return JSON.stringify({
      ...tokens,
      open_id: '7391048820511' + String(this.seed % 1000000).padStart(6, '0'),
      seller_name: first?.name ?? 'Sandbox Seller',
      seller_base_region: first?.region ?? 'US',
      user_type: 0,
      granted_scopes: ['seller.authorization.info', 'seller.order.info', 'seller.product.basic', 'seller.return_refund.basic'],
    });
  }

  private checkApp(q: Record<string, string>): void {
    if (q['app_key'] !== this.opts.appKey) throw new ApiError(400, 36009004, 'Invalid app_key');
    if (q['app_secret'] !== this.opts.appSecret) throw new ApiError(400, 36009004, 'Invalid app_secret');
  }

  private tokenRefresh(ctx: Ctx): Reply {
    const q = ctx.query;
    this.checkApp(q);
    if (q['grant_type'] !== 'refresh_token') throw param('grant_type must be refresh_token');
    const token = q['refresh_token'] ?? '';
    const info = this.refreshTokens.get(token);
    if (!info || !info.active || info.expiresAt <= wallNow()) throw new ApiError(400, 36004004, 'Invalid refresh_token');
    info.active = false;
    this.stats_.refreshes++;
    return this.ok(this.tokenData(this.issueTokens()));
  }

  private tokenGet(ctx: Ctx): Reply {
    const q = ctx.query;
    this.checkApp(q);
    if (q['grant_type'] !== 'authorized_code') throw param('grant_type must be authorized_code');
    const code = q['auth_code'] ?? '';
    if (!this.authCodes.delete(code)) throw new ApiError(400, 36004004, 'Invalid auth code.');
    this.stats_.token_gets++;
    return this.ok(this.tokenData(this.issueTokens()));
  }

  // ------------------------------------------------------------------------------------------------ control

  private control(method: string, path: string, body: string): Reply {
    const ok = (data: unknown): Reply => ({ status: 200, body: this.envelope(0, 'Success', JSON.stringify(data)) });
    const fail = (status: number, message: string): Reply => ({ status, body: this.envelope(36009004, message, null) });
    try {
      if (path === '/__sandbox/advance' && method === 'POST') {
        const b = body.trim() === '' ? {} : (JSON.parse(body) as Record<string, unknown>);
        const num = (key: string): number | undefined => {
          const v = b[key];
          if (v === undefined || v === null) return undefined;
          if (typeof v !== 'number') throw new RangeError(`${key} must be a number`);
          return v;
        };
        return ok(this.advance({
          seconds: num('seconds'), newOrders: num('new_orders'), updatedOrders: num('updated_orders'),
          newReturns: num('new_returns'), updatedReturns: num('updated_returns'), newProducts: num('new_products'),
          updatedProducts: num('updated_products'),
        }));
      }
      if (path === '/__sandbox/stats' && method === 'GET') return ok(this.stats());
      if (path === '/__sandbox/stats/reset' && method === 'POST') {
        this.resetStats();
        return ok({});
      }
      if (path === '/__sandbox/info' && method === 'GET') return ok({ ...this.info, clock: this.store.clock() });
      if (path === '/__sandbox/expire_tokens' && method === 'POST') {
        this.expireAccessTokens();
        return ok({});
      }
      if (path === '/__sandbox/auth_code' && method === 'POST') return ok({ auth_code: this.issueAuthCode() });
      return fail(404, 'Unknown control endpoint');
    } catch (error) {
      return fail(400, (error as Error).message);
    }
  }
}

// -------------------------------------------------------------------------------------------------- helpers

function emptyStats(): SandboxStats {
  return {
    requests: 0, by_endpoint: {}, by_shop: {}, throttled: 0, faults: 0,
    faults_by_kind: { '5xx': 0, '429': 0, slow: 0, truncated: 0, reset: 0 }, refreshes: 0, token_gets: 0, errors: {},
    moved_updates: 0,
  };
}

function bump(counter: Record<string, number>, key: string): void {
  counter[key] = (counter[key] ?? 0) + 1;
}

function shopOf(ctx: Ctx): ShopState {
  if (!ctx.shop) throw new ApiError(400, 36009004, 'Invalid shop_cipher');
  return ctx.shop;
}

function pageSize(q: Record<string, string>, min: number, max: number, fallback: number | undefined): number {
  const raw = q['page_size'];
  if (raw === undefined || raw === '') {
    if (fallback === undefined) throw param('page_size is required');
    return fallback;
  }
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) throw param(`page_size must be between ${min} and ${max}`);
  return Number(raw);
}

function enumParam<T extends string>(q: Record<string, string>, key: string, allowed: readonly T[], fallback: T): T {
  const raw = q[key];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw param(`${key} must be one of ${allowed.join(', ')}`);
  return raw as T;
}

function parseBody(body: string): Record<string, unknown> {
  if (body.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw param('the request body is not valid JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw param('the request body must be a JSON object');
  return parsed as Record<string, unknown>;
}

function optTime(b: Record<string, unknown>, key: string): number | undefined {
  const v = b[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw param(`${key} must be a Unix time in seconds`);
  return v;
}

function optString(b: Record<string, unknown>, key: string): string | undefined {
  const v = b[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw param(`${key} must be a string`);
  return v;
}

function optBool(b: Record<string, unknown>, key: string): boolean | undefined {
  const v = b[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw param(`${key} must be a boolean`);
  return v;
}

function optStrings(b: Record<string, unknown>, key: string, max: number): string[] | undefined {
  const v = b[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw param(`${key} must be an array of strings`);
  if (v.length > max) throw param(`${key} accepts at most ${max} values`);
  return v as string[];
}

interface Fingerprint {
  bytes: Buffer;
  hex: string;
}

function fingerprint(kind: string, shopId: string, query: object): Fingerprint {
  const canonical = JSON.stringify([kind, shopId, Object.entries(query).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1))]);
  const bytes = createHash('sha256').update(canonical).digest().subarray(0, 8);
  return { bytes, hex: bytes.toString('hex') };
}

const TOKEN_VERSION = 0xfb;

/** base64 of [version, offset ^ fp[0..4] (u32 BE), fp (8 bytes)]: 13 bytes → 20 chars, starts with "+", ends with "==". */
export function encodeToken(offset: number, fp: Fingerprint): string {
  const b = Buffer.alloc(13);
  b[0] = TOKEN_VERSION;
  b.writeUInt32BE((offset ^ fp.bytes.readUInt32BE(0)) >>> 0, 1);
  fp.bytes.copy(b, 5);
  return b.toString('base64');
}

function pageOffset(q: Record<string, string>, fp: Fingerprint): number | undefined {
  const token = q['page_token'];
  if (token === undefined || token === '') return undefined;
  const b = Buffer.from(token, 'base64');
  if (b.length !== 13 || b[0] !== TOKEN_VERSION || b.toString('base64') !== token) throw param('page_token is invalid');
  if (!b.subarray(5).equals(fp.bytes)) throw param('page_token does not belong to this query');
  return (b.readUInt32BE(1) ^ fp.bytes.readUInt32BE(0)) >>> 0;
}
