import { setupServer } from 'msw/node';
import { Logger } from '../../../src/log.js';
import { TikTokClient, type ClientOptions } from '../../../src/tiktok/client.js';
import { signRequest } from '../../../src/tiktok/signing.js';

export const API = 'https://open-api.test';
export const AUTH = 'https://auth.test';
export const APP_KEY = 'appkey38abcd';
/** Recognisable values so tests can assert they never leak. */
export const APP_SECRET = 'APPSECRET_zz91_do_not_leak';
export const ACCESS_TOKEN = 'TTP_ACCESS_old_zz91_do_not_leak';
export const REFRESH_TOKEN = 'TTP_REFRESH_old_zz91_do_not_leak';
export const NEW_ACCESS = 'TTP_ACCESS_new_zz91_do_not_leak';
export const NEW_REFRESH = 'TTP_REFRESH_new_zz91_do_not_leak';
export const SHOP = { id: '7495310022158813001', cipher: 'ROW_b1c2AAAAAAD4exampleCipher' };
/** 2023-11-14T22:13:20Z */
export const T0 = 1_700_000_000_000;

export function mswServer(): ReturnType<typeof setupServer> {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  return server;
}

export function envelope(data: unknown, over: Record<string, unknown> = {}): Record<string, unknown> {
  return { code: 0, message: 'Success', request_id: 'REQ20250301120102AB', data, ...over };
}

export function apiError(code: number, message: string, requestId = 'REQERR2025030112'): Record<string, unknown> {
  return { code, message, request_id: requestId };
}

export interface Harness {
  client: TikTokClient;
  lines: string[];
  sleeps: number[];
  clock: { t: number };
  tokensSaved: unknown[];
}

/** A client with a fake clock whose sleep advances time instantly. */
export function makeClient(over: Partial<ClientOptions> = {}): Harness {
  const lines: string[] = [];
  const sleeps: number[] = [];
  const clock = { t: T0 };
  const tokensSaved: unknown[] = [];
  const client = new TikTokClient({
    appKey: APP_KEY,
    appSecret: APP_SECRET,
    accessToken: ACCESS_TOKEN,
    accessTokenExpireIn: Math.floor(T0 / 1000) + 7 * 86400,
    refreshToken: REFRESH_TOKEN,
    apiBaseUrl: API,
    authBaseUrl: AUTH,
    requestTimeoutMs: 5000,
    maxRetries: 3,
    requestsPerSecond: 0,
    // Unpaced unless a test is about pacing: sleeps then hold only back-offs.
    endpointRequestsPerSecond: 0,
    maxConcurrency: 4,
    logger: new Logger({ write: (line) => lines.push(line), level: 'debug' }),
    onTokens: (tokens) => {
      tokensSaved.push(tokens);
    },
    now: () => clock.t,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.t += ms;
    },
    random: () => 0,
    ...over,
  });
  return { client, lines, sleeps, clock, tokensSaved };
}

export interface SeenRequest {
  method: string;
  path: string;
  /** Decoded query values. */
  query: Record<string, string>;
  /** The raw query string as sent. */
  rawQuery: string;
  body: string;
  headers: Record<string, string>;
  /** Server-side recomputed signature matches the one sent. */
  signOk: boolean;
}

/** What the server saw, with the signature recomputed exactly as TikTok would (§2.2). */
export async function inspect(request: Request, secret = APP_SECRET): Promise<SeenRequest> {
  const url = new URL(request.url);
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = v;
  const body = request.method === 'GET' ? '' : await request.text();
  const { sign, ...rest } = query;
  const headers: Record<string, string> = {};
  request.headers.forEach((v, k) => {
    headers[k] = v;
  });
  return {
    method: request.method,
    path: url.pathname,
    query,
    rawQuery: url.search,
    body,
    headers,
    signOk: sign !== undefined && signRequest(secret, url.pathname, rest, body) === sign,
  };
}
