/**
 * HTTP front of the sandbox: owns the server and the order every request goes through (route → gateway rules →
 * rate limit → injected fault → handler). The pieces live in ./http/, one job per file.
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
 *   21011001 Get Package Detail of an id no order of the shop lists ....... HTTP 200
 *   105005 a finance endpoint for a shop whose grant lacks the finance scope (before any parameter check) HTTP 403
 *   36009004 Get Statement Transactions of an id that is no statement of the shop (no finance code documented) HTTP 400
 *   21008111 Get Order Transactions of an unknown order ...................... HTTP 200 (an order not settled yet:
 *            code 0, zero amounts, no sku_transactions)
 *   36004004 token get with an unknown, used, expired (30 min) or other app's auth_code, token refresh with an unknown, retired or expired refresh_token (HTTP 400)
 * Product search stops at 10,000 results: `total_count` is the true count, but no page token is handed out past the
 * 10,000th product (the page that reaches it is cut there and its `next_page_token` is "").
 * Page tokens are base64 (with + / =) of a version byte, the offset into the live sorted result and 8 bytes of a
 * fingerprint of (endpoint, shop, sort, filters) — page_size may change between pages; any other change is refused.
 */
import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Rng, hashString } from './random.js';
import type { ResolvedOptions } from './options.js';
import type { CountsReport, Store, TimeWindow } from './store.js';
import { withAnalyticsCounts } from './http/analytics-reports.js';
import { withDeclaredCounts } from './http/declared-counts.js';
import { SEARCHES } from './http/searches.js';
import type { AdvanceOptions, AdvanceResult } from './types.js';
import { ApiError, type Reply } from './http/api-error.js';
import { handleControl, type ControlTarget } from './http/control.js';
import { FaultInjector } from './http/faults.js';
import { checkGateway } from './http/gateway.js';
import { ApiHandlers } from './http/handlers.js';
import { RateLimiter } from './http/rate-limit.js';
import { Replies } from './http/replies.js';
import { matchRoute, type Ctx } from './http/routes.js';
import { StatsBox, bump, type SandboxStats } from './http/stats.js';
import { TokenService, type AuthCodeOptions } from './http/tokens.js';
import { Transport, sendNow } from './http/transport.js';

export { PACKAGE_NOT_FOUND, PRODUCT_SEARCH_CAP, PRODUCT_UNAVAILABLE } from './http/handlers.js';
export { encodeToken } from './http/page-tokens.js';
export type { SandboxStats } from './http/stats.js';

export interface SandboxInfo {
  base_url: string;
  auth_base_url: string;
  app_key: string;
  app_secret: string;
  access_token: string;
  refresh_token: string;
}

export class SandboxServer {
  readonly store: Store;
  private readonly opts: ResolvedOptions;
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly statsBox = new StatsBox();
  private readonly replies: Replies;
  private readonly transport: Transport;
  private readonly faults: FaultInjector;
  private readonly rateLimiter: RateLimiter;
  private readonly tokens: TokenService;
  private readonly handlers: ApiHandlers;
  private warmHandle: NodeJS.Immediate | undefined;
  private closed = false;
  private initialTokens: { access_token: string; refresh_token: string } | undefined;
  info: SandboxInfo | undefined;

  constructor(store: Store, opts: ResolvedOptions) {
    this.store = store;
    this.opts = opts;
    const seed = hashString(String(opts.seed));
    this.replies = new Replies(this.statsBox);
    this.transport = new Transport(opts, new Rng(seed, 903));
    this.faults = new FaultInjector(opts, new Rng(seed, 901), this.statsBox, this.replies, this.transport);
    this.rateLimiter = new RateLimiter(opts, this.statsBox);
    this.tokens = new TokenService(store, opts, seed, this.statsBox);
    this.handlers = new ApiHandlers(store, opts, seed, this.replies, this.tokens);
    this.server = http.createServer({ keepAlive: true }, (req, res) => this.onRequest(req, res));
    this.server.keepAliveTimeout = 30_000;
    this.server.on('connection', (socket: Socket) => {
      socket.setNoDelay(true);
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    const issued = this.tokens.issueTokens();
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
    const tokens = this.initialTokens ?? this.tokens.issueTokens();
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
    this.transport.cancelAll();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
      for (const socket of this.sockets) socket.destroy();
    });
  }

  stats(): SandboxStats {
    return structuredClone({ ...this.statsBox.current, moved_updates: this.store.movedUpdates() });
  }

  resetStats(): void {
    this.statsBox.reset();
  }

  /** GET /__sandbox/counts: the store's counts and those of the searches that declare theirs. */
  counts(window: TimeWindow = {}, shopId?: string): CountsReport {
    return withAnalyticsCounts(withDeclaredCounts(this.store.counts(window, shopId), this.store, SEARCHES, window), this.store, window);
  }

  advance(options: AdvanceOptions): AdvanceResult {
    return this.store.advance(options);
  }

  /** Make every access token issued so far expired (the next API call gets 105002). */
  /** From now on the request path answers `code` (HTTP 200, the documented message unless given); null withdraws it. */
  refuse(path: string, code: number | null, message?: string): void {
    this.handlers.refusals.set(path, code, message);
  }

  expireAccessTokens(): void {
    this.tokens.expireAccessTokens();
  }

  /** A single-use auth code for GET /api/v2/token/get. */
  issueAuthCode(options?: AuthCodeOptions): string {
    return this.tokens.issueAuthCode(options);
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = chunks.length === 0 ? '' : chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8');
      try {
        this.dispatch(req, res, body);
      } catch (error) {
        sendNow(res, { status: 500, body: this.replies.envelope(36009003, `Internal error: ${(error as Error).message}`, null) });
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
      sendNow(res, handleControl(method, path, body, this.controlTarget(), this.replies, new URLSearchParams(qmark < 0 ? '' : url.slice(qmark + 1))));
      return;
    }
    const query: Record<string, string> = {};
    if (qmark >= 0) for (const [k, v] of new URLSearchParams(url.slice(qmark + 1))) query[k] = v;

    const stats = this.statsBox.current;
    stats.requests++;
    const found = matchRoute(path, method);
    if (!('route' in found)) {
      bump(stats.by_endpoint, `${method} (unknown)`);
      const error = found.pathKnown ? new ApiError(405, 36009010, 'Invalid HTTP method') : new ApiError(404, 36009009, 'Invalid path');
      this.transport.send(res, this.replies.error(error));
      return;
    }
    const { route, match } = found;
    bump(stats.by_endpoint, `${method} ${route.template}`);
    const shop = query['shop_cipher'] !== undefined ? this.store.shopByCipherValue(query['shop_cipher']) : undefined;
    if (shop && route.scope === 'shop') bump(stats.by_shop, this.store.shopIdOf(shop));
    const ctx: Ctx = { route, match, path, query, body, headers: req.headers, method, shop };

    try {
      if (route.scope !== 'auth') checkGateway(ctx, this.opts, this.tokens, this.store);
      if (route.scope !== 'auth') this.rateLimiter.take(ctx.shop ? this.store.shopIdOf(ctx.shop) : '__app__', `${method} ${route.template}`);
    } catch (error) {
      this.transport.send(res, this.replies.error(error));
      return;
    }
    const fault = this.faults.roll();
    if (fault === '5xx' || fault === '429' || fault === 'reset') {
      this.faults.injectImmediate(req, res, fault);
      return;
    }
    if (fault && route.scope === 'auth') {
      this.faults.failAuth(req, res, fault);
      return;
    }
    let reply: Reply;
    try {
      reply = this.handlers.handle(ctx);
    } catch (error) {
      reply = this.replies.error(error);
    }
    if (fault) {
      this.faults.deliverDamaged(req, res, reply, fault);
      return;
    }
    this.transport.send(res, reply);
  }

  private controlTarget(): ControlTarget {
    return {
      advance: (options) => this.advance(options),
      stats: () => this.stats(),
      resetStats: () => this.resetStats(),
      infoWithClock: () => ({ ...this.info, clock: this.store.clock() }),
      expireAccessTokens: () => this.expireAccessTokens(),
      issueAuthCode: (options) => this.issueAuthCode(options),
      counts: (window, shopId) => this.counts(window, shopId),
      financeScopes: () => Object.fromEntries(this.store.shops().map((shop) => [shop.id, this.store.financeScope(shop.id)])),
      setFinanceScope: (shopId, granted) => this.store.setFinanceScope(shopId, granted),
      refuse: (path, code, message) => this.refuse(path, code, message),
      refusals: () => this.handlers.refusals.list(),
    };
  }
}
