import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { matchEndpoint, type HttpMethod } from '../../src/tiktok/endpoints.js';

/**
 * A tiny scripted TikTok Shop API on 127.0.0.1 for end-to-end tests: the Open API and the token host on one
 * port. It answers every endpoint the tap calls with a minimal valid reply (one shop, empty searches, empty
 * details, fresh tokens) and does not check signatures. A test overrides any route by its `"METHOD /path"`
 * key (path without query) and can ask how often each route was called.
 */
export interface StubReply {
  /** HTTP status; default 200. */
  status?: number;
  /** A raw body sent as is (an HTML page, truncated JSON…). Wins over `json`. */
  raw?: string;
  /** A JSON body, sent exactly as given (no envelope is added). */
  json?: unknown;
  headers?: Record<string, string>;
  /** Use this reply only when every listed query parameter has this value (e.g. one shop's `shop_cipher`). */
  when_query?: Record<string, string>;
  /** Use this reply only when every listed top-level field of the JSON request body has this value. */
  when_body?: Record<string, unknown>;
  /**
   * A gzip-encoded body of this many bytes (spaces) once decoded, compressed on the fly as the client reads, so a
   * bomb of hundreds of MB costs the stub no memory and stops when the client hangs up. Wins over `raw`/`json`.
   */
  gzip_bomb_bytes?: number;
}

/** A route computed per request: `n` counts this route's requests from 1. Undefined falls through to the default. */
export type StubHandler = (request: StubRequest, n: number) => StubReply | undefined;

/** `"POST /order/202309/orders/search"` → a reply, or a list of replies tried in order (first match wins). */
export type StubRoutes = Record<string, StubReply | StubReply[] | StubHandler>;

export interface StubRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingMessage['headers'];
  body: string;
  /** The query string as sent (percent-encoded), with its leading "?", or "". */
  rawQuery: string;
}

export interface StubApi {
  /** Base URL for both api_base_url and auth_base_url, e.g. http://127.0.0.1:40123 */
  url: string;
  requests: StubRequest[];
  /** Requests made to a route: an exact `"METHOD /path"` key, or a RegExp tested against that key. */
  count(route: string | RegExp): number;
  close(): Promise<void>;
}

export const STUB_SHOP = {
  id: '7495310022158813001',
  name: 'Stub Shop',
  region: 'US',
  seller_type: 'LOCAL',
  cipher: 'ROW_stub',
  code: 'US1',
} as const;

/** What the token route hands out; secrets too, so tests check they never reach a log. */
export const STUB_TOKENS = {
  access_token: 'STUB-fresh-access-token-4242',
  refresh_token: 'STUB-fresh-refresh-token-4343',
} as const;

let requestSeq = 0;

function envelope(data: unknown): StubReply {
  requestSeq += 1;
  return { status: 200, json: { code: 0, message: 'Success', request_id: `STUB${String(requestSeq).padStart(12, '0')}`, data } };
}

/** The built-in answer for a route, or undefined for a path the real API would not know. */
function defaultReply(method: string, path: string): StubReply | undefined {
  if (method === 'GET' && path === '/authorization/202309/shops') return envelope({ shops: [STUB_SHOP] });
  // Every endpoint of the tap's table: a search answers an empty page under its items key, anything else (a detail,
  // a report, a lookup by ids) an empty object.
  const spec = matchEndpoint(method as HttpMethod, path);
  if (spec?.itemsKey) return envelope({ [spec.itemsKey]: [], total_count: 0, next_page_token: '' });
  if (spec && spec.host === 'api') return envelope({});
  if (method === 'GET' && path === '/api/v2/token/refresh') {
    const now = Math.floor(Date.now() / 1000);
    return envelope({
      access_token: STUB_TOKENS.access_token,
      access_token_expire_in: now + 7 * 86_400,
      refresh_token: STUB_TOKENS.refresh_token,
      refresh_token_expire_in: now + 365 * 86_400,
    });
  }
  return undefined;
}

function parseBody(body: string): Record<string, unknown> {
  try {
    const value = JSON.parse(body) as unknown;
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function pick(choice: StubReply | StubReply[] | undefined, query: Record<string, string>, body: string): StubReply | undefined {
  if (choice === undefined) return undefined;
  const fields = parseBody(body);
  for (const reply of Array.isArray(choice) ? choice : [choice]) {
    const queryMatches = Object.entries(reply.when_query ?? {}).every(([key, value]) => query[key] === value);
    const bodyMatches = Object.entries(reply.when_body ?? {}).every(([key, value]) => JSON.stringify(fields[key]) === JSON.stringify(value));
    if (queryMatches && bodyMatches) return reply;
  }
  return undefined;
}

function sendBomb(res: ServerResponse, reply: StubReply, bytes: number): void {
  res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', 'content-encoding': 'gzip', ...reply.headers });
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  let left = bytes;
  const source = new Readable({
    read() {
      if (left <= 0) return void this.push(null);
      const n = Math.min(left, chunk.length);
      left -= n;
      this.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    },
  });
  const gzip = createGzip();
  res.on('close', () => {
    source.destroy();
    gzip.destroy();
  });
  source.pipe(gzip).pipe(res);
}

function send(res: ServerResponse, reply: StubReply): void {
  if (reply.gzip_bomb_bytes !== undefined) return sendBomb(res, reply, reply.gzip_bomb_bytes);
  const body = reply.raw ?? (reply.json === undefined ? '' : JSON.stringify(reply.json));
  const contentType = reply.raw !== undefined && /^\s*</.test(reply.raw) ? 'text/html; charset=utf-8' : 'application/json';
  res.writeHead(reply.status ?? 200, { 'content-type': contentType, ...reply.headers });
  res.end(body);
}

export async function startStub(routes: StubRoutes = {}): Promise<StubApi> {
  const requests: StubRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stub');
      const method = req.method ?? 'GET';
      const query = Object.fromEntries(url.searchParams.entries());
      const body = Buffer.concat(chunks).toString('utf8');
      const request: StubRequest = { method, path: url.pathname, query, headers: req.headers, body, rawQuery: url.search };
      requests.push(request);
      const key = `${method} ${url.pathname}`;
      const route = routes[key];
      const reply =
        (typeof route === 'function' ? route(request, requests.filter((r) => `${r.method} ${r.path}` === key).length) : pick(route, query, body)) ??
        defaultReply(method, url.pathname);
      if (reply) {
        send(res, reply);
        return;
      }
      // What the real API says for an unknown path (docs/tiktok-shop-api.md §3.2).
      send(res, { status: 404, json: { code: 36009009, message: 'Invalid path', request_id: 'STUB-unknown-path', data: null } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    count(route) {
      return requests.filter((r) => {
        const key = `${r.method} ${r.path}`;
        return typeof route === 'string' ? key === route : route.test(key);
      }).length;
    },
    close() {
      return new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}
