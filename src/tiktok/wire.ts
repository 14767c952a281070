import http from 'node:http';
import https from 'node:https';
import got, { RequestError, TimeoutError, type Got } from 'got';
import { isUtf8 } from 'node:buffer';
import type { Logger } from '../log.js';
import { scrub, type FailureFacts } from './errors.js';
import { interpretReply, transportFailure, type Outcome, type ReplyLike } from './reply.js';
import type { SendSpec } from './request-prep.js';

/**
 * The one HTTP layer every call of the tap goes through (API calls, token refresh, the authorize exchange): got,
 * sending ONE exchange per call of `send`. Retrying is not got's: each attempt must be signed afresh and carry the
 * token current when it goes out (docs/tiktok-shop-api.md §2.1, G7), so the one retry loop is retrying-call.ts.
 */

/**
 * Largest reply body the tap reads, counted after decompression. The biggest real replies (a page of 100 orders
 * with line items, a product with its description) are a few MB; a gzip bomb (0.7 MB that inflates to 700 MB)
 * must stop here, long before it fills memory.
 */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

/** Shared by every wire of the process, so connections to the API host are reused across calls. */
const KEEP_ALIVE = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

export interface WireOptions {
  requestTimeoutMs: number;
  userAgent?: string | undefined;
  logger: Logger;
  /** Largest decoded reply body read (default MAX_BODY_BYTES). */
  maxBodyBytes?: number | undefined;
  /** Log an `http_request_duration` METRIC per exchange (the sync does; authorize does not). */
  metrics?: boolean;
  /** ms, for the metric (tests use a fake clock). */
  now?: () => number;
}

export interface Wire {
  /** One exchange. Never throws for API or network failures: returns what happened. */
  send(spec: SendSpec): Promise<Outcome>;
  /** Exchanges sent so far. */
  readonly requests: number;
}

/** The decoded body passed the cap; reading stopped there. */
class BodyTooLarge extends Error {
  constructor(limit: number) {
    super(`the reply body is larger than ${formatBytes(limit)} (decoded); reading stopped there`);
  }
}

/** The stream ended without a reply (got reports this as an error; kept for safety). */
class NoReply extends Error {
  constructor() {
    super('the connection closed before a reply');
  }
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MiB` : `${bytes} bytes`;
}

export function createWire(options: WireOptions): Wire {
  const maxBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const now = options.now ?? Date.now;
  const client = got.extend({
    retry: { limit: 0 },
    // The token header must never travel to another host; a redirect is read as the (failed) reply it is.
    followRedirect: false,
    // The envelope decides success whatever the HTTP status (§3.1).
    throwHttpErrors: false,
    decompress: true,
    timeout: { request: options.requestTimeoutMs },
    agent: KEEP_ALIVE,
    // §2.1: Content-Type is required even on GET.
    headers: { 'content-type': 'application/json', ...(options.userAgent ? { 'user-agent': options.userAgent } : {}) },
  });
  let requests = 0;

  const metric = (spec: SendSpec, started: number, outcome: Outcome): void => {
    if (!options.metrics) return;
    const status = outcome.ok ? outcome.httpStatus : outcome.facts.httpStatus;
    const tags: Record<string, string | number> = { endpoint: spec.endpoint };
    if (status !== undefined) tags.http_status_code = status;
    tags.status = outcome.ok ? 'succeeded' : 'failed';
    Object.assign(tags, spec.tags);
    options.logger.metric({ type: 'timer', metric: 'http_request_duration', value: Math.max(0, now() - started) / 1000, tags });
  };

  // Once per endpoint and run: which endpoint sends bytes that are not UTF-8 is worth one line, not one per page.
  const warnedNotUtf8 = new Set<string>();
  const warnNotUtf8 = (spec: SendSpec): void => {
    if (warnedNotUtf8.has(spec.endpoint)) return;
    warnedNotUtf8.add(spec.endpoint);
    options.logger.warn(
      `${spec.endpoint}: the reply holds bytes that are not UTF-8; they are written as U+FFFD (the replacement character), so some text of these records is lost — report it to TikTok`,
      { endpoint: spec.endpoint },
    );
  };

  return {
    get requests() {
      return requests;
    },
    async send(spec) {
      requests += 1;
      const started = now();
      if (options.logger.enabled('debug')) {
        const target = new URL(spec.url);
        options.logger.debug(`HTTP ${spec.method} ${target.pathname}`, { query_keys: [...target.searchParams.keys()].join(',') });
      }
      let outcome: Outcome;
      try {
        outcome = interpretReply(await fetchReply(client, spec, maxBytes, () => warnNotUtf8(spec)), spec.mask);
      } catch (error) {
        outcome = transportFailure(transportFacts(error, spec.mask, options.requestTimeoutMs), spec.mask);
      }
      metric(spec, started, outcome);
      return outcome;
    },
  };
}

/**
 * Read the reply as it arrives, counting its decoded size, so a runaway body is cut off at `maxBytes`. Data events
 * rather than `for await`: the async iterator costs a promise per chunk, ~10% of the CPU of a small exchange.
 */
function fetchReply(client: Got, spec: SendSpec, maxBytes: number, notUtf8: () => void): Promise<ReplyLike> {
  const stream = client.stream(spec.url, { method: spec.method, headers: spec.headers, ...(spec.body !== undefined ? { body: spec.body } : {}) });
  return new Promise((resolve, reject) => {
    let reply: Pick<ReplyLike, 'statusCode' | 'headers'> | undefined;
    const chunks: Buffer[] = [];
    let size = 0;
    stream.once('response', (response: ReplyLike) => {
      reply = { statusCode: response.statusCode, headers: response.headers };
    });
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      // Rejected first: got would wrap an error given to destroy in its own class. Destroying aborts the download.
      reject(new BodyTooLarge(maxBytes));
      stream.destroy();
    });
    stream.once('error', reject);
    stream.once('end', () => {
      if (!reply) return reject(new NoReply());
      const bytes = Buffer.concat(chunks, size);
      const body = bytes.toString('utf8');
      // Decoding never fails: bad bytes become U+FFFD. Said, not silent; the cheap check first (U+FFFD is rare).
      if (body.includes('\uFFFD') && !isUtf8(bytes)) notUtf8();
      resolve({ ...reply, body });
    });
  });
}

/** Only transport trouble is an API failure; anything else is a bug and is rethrown. */
function transportFacts(error: unknown, mask: string[], requestTimeoutMs: number): FailureFacts {
  // Not retried: the same request would bring the same oversized body (a gzip bomb, a runaway reply).
  if (error instanceof BodyTooLarge) return { kind: 'too_large', detail: error.message };
  if (error instanceof NoReply) return { kind: 'network', detail: error.message };
  if (error instanceof TimeoutError) return { kind: 'timeout', detail: `no reply within ${requestTimeoutMs} ms` };
  if (error instanceof RequestError) {
    const code = error.code ? `${error.code}: ` : '';
    return { kind: 'network', detail: scrub(`${code}${error.message}`, mask) };
  }
  throw error;
}
