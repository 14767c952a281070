/** Signed-request helper for the sandbox tests (real HTTP through Node's fetch). */
import { createHash } from 'node:crypto';
import { signRequest } from '../../../src/tiktok/signing.js';
import type { SandboxHandle } from '../../../src/sandbox/index.js';

export interface CallOptions {
  query?: Record<string, string>;
  /** Object → JSON.stringify'd once; string → sent as is. POST defaults to "{}". */
  body?: unknown;
  /** Access token header; null = omit; default the sandbox's token. */
  token?: string | null;
  appKey?: string;
  appSecret?: string;
  /** Unix seconds; default now. */
  timestamp?: number | string;
  /** Replace the computed sign (or null to omit it). */
  sign?: string | null;
  contentType?: string | null;
  /** Base URL (default the sandbox's). */
  base?: string;
}

export interface CallResult<T = any> {
  status: number;
  body: { code: number; message: string; request_id: string; data: T };
  headers: Headers;
  text: string;
}

export async function call<T = any>(sb: SandboxHandle, method: 'GET' | 'POST', path: string, options: CallOptions = {}): Promise<CallResult<T>> {
  const info = sb.info;
  const query: Record<string, string> = {
    app_key: options.appKey ?? info.app_key,
    timestamp: String(options.timestamp ?? Math.floor(Date.now() / 1000)),
    ...options.query,
  };
  const bodyText = method === 'GET' ? '' : typeof options.body === 'string' ? options.body : JSON.stringify(options.body ?? {});
  const sign = options.sign === undefined ? signRequest(options.appSecret ?? info.app_secret, path, query, bodyText) : options.sign;
  if (sign !== null) query['sign'] = sign;
  const headers: Record<string, string> = {};
  if (options.contentType !== null) headers['content-type'] = options.contentType ?? 'application/json';
  const token = options.token === undefined ? info.access_token : options.token;
  if (token !== null) headers['x-tts-access-token'] = token;
  const url = `${options.base ?? info.base_url}${path}?${new URLSearchParams(query).toString()}`;
  const res = await fetch(url, { method, headers, body: method === 'POST' ? bodyText : undefined });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) as CallResult<T>['body'], headers: res.headers, text };
}

/** Page through a search endpoint (POST by default; GET sends `query` and no body); every item and the raw `data` texts. */
export async function pageAll(sb: SandboxHandle, path: string, cipher: string, key: string, options: {
  pageSize: number;
  body?: unknown;
  sortField?: string;
  sortOrder?: string;
  token?: string;
  method?: 'GET' | 'POST';
  /** More query parameters (the filters of a GET search). */
  query?: Record<string, string>;
}): Promise<{ items: any[]; pages: number; totalCount: number; dataTexts: string[] }> {
  const items: any[] = [];
  const dataTexts: string[] = [];
  let pageToken = '';
  let pages = 0;
  let totalCount = 0;
  do {
    const query: Record<string, string> = { shop_cipher: cipher, page_size: String(options.pageSize), ...options.query };
    if (options.sortField) query['sort_field'] = options.sortField;
    if (options.sortOrder) query['sort_order'] = options.sortOrder;
    if (pageToken) query['page_token'] = pageToken;
    const method = options.method ?? 'POST';
    const res = await call(sb, method, path, { query, body: method === 'POST' ? (options.body ?? {}) : undefined, token: options.token });
    if (res.body.code !== 0) throw new Error(`${path}: ${res.body.code} ${res.body.message}`);
    items.push(...(res.body.data[key] as any[]));
    dataTexts.push(JSON.stringify(res.body.data));
    totalCount = res.body.data.total_count as number;
    pageToken = res.body.data.next_page_token as string;
    pages++;
  } while (pageToken);
  return { items, pages, totalCount, dataTexts };
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export const ORDERS = '/order/202309/orders/search';
export const RETURNS = '/return_refund/202602/returns/search';
export const PRODUCTS = '/product/202502/products/search';
export const SHOPS = '/authorization/202309/shops';
export const CANCELLATIONS = '/return_refund/202602/cancellations/search';
export const PACKAGES = '/fulfillment/202309/packages/search';
export const packageDetailPath = (id: string): string => `/fulfillment/202309/packages/${id}`;
export const STATEMENTS = '/finance/202309/statements';
export const PAYMENTS = '/finance/202309/payments';
export const WITHDRAWALS = '/finance/202309/withdrawals';
export const statementTransactionsPath = (id: string): string => `/finance/202501/statements/${id}/statement_transactions`;
export const orderTransactionsPath = (id: string): string => `/finance/202501/orders/${id}/statement_transactions`;
