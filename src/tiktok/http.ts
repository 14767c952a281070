// The modules, not their functions: `http.request` is looked up per request, so what patches it (msw in the tests) is
// seen, as it was by got.
import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Transform } from 'node:stream';
import * as zlib from 'node:zlib';
import type { Logger } from '../log.js';
import { redact } from '../redact.js';
import { BodyTooLargeError, RequestTimeoutError, TransportError } from './transport-errors.js';

export { BodyTooLargeError, RequestTimeoutError, TransportError, formatBytes } from './transport-errors.js';

/**
 * The one HTTP client every TikTok Shop call goes through (§2.1), on Node's own http/https with their keep-alive
 * agents. It sends one exchange and reads the reply; everything else is the caller's: retries (each retry must be
 * re-signed, G7), the envelope (which decides success whatever the status, §3.1). Redirects are not followed, so
 * the token header never travels to another host. (The tap used got until issue 16: per request and per page it
 * cost more than twice Node's own client, and loading it as much as the rest of a one-order sync.)
 */
export interface HttpOptions {
  requestTimeoutMs: number;
  userAgent?: string | undefined;
  logger: Logger;
}

export interface Http {
  readonly requestTimeoutMs: number;
  /** Sent with every request: Content-Type (§2.1: required even on GET), User-Agent, Accept-Encoding. */
  readonly headers: Readonly<Record<string, string>>;
  readonly logger: Logger;
}

/** Encodings a reply may come in, as got offered them: gzip, deflate, and br and zstd where this Node has them. */
const ENCODINGS = ['gzip', 'deflate', ...(process.versions.brotli ? ['br'] : []), ...(process.versions.zstd && 'createZstdDecompress' in zlib ? ['zstd'] : [])];

export function createHttp({ requestTimeoutMs, userAgent, logger }: HttpOptions): Http {
  return {
    requestTimeoutMs,
    headers: { 'content-type': 'application/json', ...(userAgent ? { 'user-agent': userAgent } : {}), 'accept-encoding': ENCODINGS.join(', ') },
    logger,
  };
}

/**
 * Largest reply body the tap reads, counted after decompression. The biggest real replies (a page of 100 orders
 * with line items, a product with its description) are a few MB; a gzip bomb (0.7 MB that inflates to 700 MB)
 * must stop here, long before it fills memory.
 */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

export interface HttpReply {
  statusCode: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** The decoder for a reply's Content-Encoding, chosen on its first bytes (deflate comes raw or zlib-wrapped). */
function decoderFor(encoding: string, first: Buffer): Transform {
  if (encoding === 'br') return zlib.createBrotliDecompress();
  // Node ≥ 22.15 only (ENCODINGS offers zstd only then); @types/node 20 does not know it.
  if (encoding === 'zstd') return (zlib as unknown as { createZstdDecompress: () => Transform }).createZstdDecompress();
  if (encoding === 'deflate' && (first[0]! & 0x08) === 0) return zlib.createInflateRaw();
  return zlib.createUnzip();
}

/**
 * One exchange. The reply is read as it arrives, decoded (gzip, deflate, br, zstd), and its decoded size counted,
 * so the download is cut off at `maxBytes`. Rejects with TransportError (no reply, or the reply broke off: the
 * caller's retry case), RequestTimeoutError (no complete reply within requestTimeoutMs) or BodyTooLargeError.
 */
export function fetchText(
  client: Http,
  url: string,
  options: { method: 'GET' | 'POST'; body?: string | undefined; headers: Record<string, string> },
  maxBytes: number = MAX_BODY_BYTES,
): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    if (client.logger.enabled('debug')) client.logger.debug(`HTTP ${options.method} ${target.pathname}`, { query_keys: [...target.searchParams.keys()].join(',') });
    const headers: Record<string, string> = { ...client.headers, ...options.headers };
    if (options.body !== undefined) headers['content-length'] = String(Buffer.byteLength(options.body));
    let settled = false;
    let response: IncomingMessage | undefined;
    let decoder: Transform | undefined;
    const finish = (error: Error | undefined, reply?: HttpReply): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) {
        request.destroy();
        response?.destroy();
        decoder?.destroy();
        reject(error);
      } else {
        resolve(reply!);
      }
    };
    const broken = (error: Error & { code?: string }): void => finish(new TransportError(redact(error.message), error.code));
    const timer = setTimeout(() => finish(new RequestTimeoutError(client.requestTimeoutMs)), client.requestTimeoutMs);
    const request = (target.protocol === 'https:' ? https : http).request(target, { method: options.method, headers }, (res) => {
      response = res;
      const chunks: Buffer[] = [];
      let size = 0;
      const take = (chunk: Buffer): void => {
        size += chunk.length;
        if (size > maxBytes) finish(new BodyTooLargeError(maxBytes));
        else chunks.push(chunk);
      };
      const done = (): void => {
        const statusCode = res.statusCode ?? 0;
        // One chunk (most replies) is decoded as it is, without a copy.
        const body = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, size).toString('utf8');
        finish(undefined, { statusCode, headers: res.headers, body });
      };
      const encoding = (res.headers['content-encoding'] ?? '').toLowerCase();
      const decoded = ENCODINGS.includes(encoding);
      res.on('data', (chunk: Buffer) => {
        if (settled) return;
        if (!decoded) return take(chunk);
        if (!decoder) {
          decoder = decoderFor(encoding, chunk);
          decoder.on('data', (out: Buffer) => {
            if (!settled) take(out);
          });
          decoder.on('error', broken);
          decoder.on('end', done);
        }
        decoder.write(chunk);
      });
      res.on('end', () => {
        if (settled) return;
        // A compressed reply with no bytes at all is an empty body, as got read it.
        if (decoder) decoder.end();
        else done();
      });
      res.on('error', broken);
      res.on('close', () => {
        if (!res.complete) broken(Object.assign(new Error('the connection closed before the reply was complete'), { code: 'ECONNRESET' }));
      });
    });
    request.on('error', broken);
    request.end(options.body);
  });
}
