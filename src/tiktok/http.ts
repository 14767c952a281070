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
