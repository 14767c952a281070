import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import got, { type Got } from 'got';
import type { Logger } from '../log.js';
import { redact } from '../redact.js';

export interface HttpOptions {
  requestTimeoutMs: number;
  userAgent?: string | undefined;
  logger: Logger;
}

/** The single got instance every TikTok Shop call goes through (§2.1). */
export function createHttp({ requestTimeoutMs, userAgent, logger }: HttpOptions): Got {
  return got.extend({
    // Retries, redirects and HTTP-status handling are ours: each retry must be re-signed (G7) and the
    // envelope decides success whatever the status (§3.1). Redirects are refused so the token header never
    // travels to another host.
    retry: { limit: 0 },
    throwHttpErrors: false,
    followRedirect: false,
    responseType: 'text',
    timeout: { request: requestTimeoutMs },
    hooks: {
      beforeRequest: [
        (request) => {
          // §2.1: Content-Type is required even on GET.
          request.headers['content-type'] = 'application/json';
          if (userAgent) request.headers['user-agent'] = userAgent;
          const url = request.url instanceof URL ? request.url : undefined;
          if (url && logger.enabled('debug')) {
            logger.debug(`HTTP ${request.method} ${url.pathname}`, { query_keys: [...url.searchParams.keys()].join(',') });
          }
        },
      ],
      beforeError: [
        (error) => {
          error.message = redact(error.message);
          return error;
        },
      ],
    },
  });
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

/** The reply body passed `limit` bytes (decoded); reading stopped there. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the reply body is larger than ${formatBytes(limit)} (decoded); reading stopped there`);
    this.name = 'BodyTooLargeError';
  }
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MiB` : `${bytes} bytes`;
}

/**
 * One exchange read as a stream, so the decoded size is counted as it arrives and the download is cut off at
 * `maxBytes` (got's promise API buffers the whole body first, and has no size limit). Transport failures reject
 * with got's own errors; an oversized body rejects with BodyTooLargeError.
 */
export function fetchText(
  http: Got,
  url: string,
  options: { method: 'GET' | 'POST'; body?: string | undefined; headers: Record<string, string> },
  maxBytes: number = MAX_BODY_BYTES,
): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const stream = http.stream(url, { method: options.method, body: options.body, headers: options.headers });
    let response: IncomingMessage | undefined;
    let size = 0;
    let tooLarge = false;
    const chunks: Buffer[] = [];
    stream.on('response', (r: IncomingMessage) => {
      response = r;
    });
    stream.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > maxBytes) {
        tooLarge = true;
        chunks.length = 0;
        stream.destroy();
        reject(new BodyTooLargeError(maxBytes));
        return;
      }
      chunks.push(chunk);
    });
    stream.on('error', (error: Error) => {
      if (!tooLarge) reject(error);
    });
    stream.on('end', () => {
      if (tooLarge) return;
      resolve({ statusCode: response?.statusCode ?? 0, headers: response?.headers ?? {}, body: Buffer.concat(chunks).toString('utf8') });
    });
  });
}
