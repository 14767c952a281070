import type { Logger } from '../log.js';
import { failureError, unexpectedReplyError } from '../tiktok/reply.js';
import { encodeQuery, trimBase } from '../tiktok/request-prep.js';
import { retryingCall } from '../tiktok/retrying-call.js';
import { readTokenReply, type TokenReply } from '../tiktok/token-reply.js';
import { createWire } from '../tiktok/wire.js';

/** The seller grant that GET /api/v2/token/get returns (docs/tiktok-shop-api.md §1.3): a token reply that carries its refresh token. */
export type AuthorizedGrant = TokenReply & { refreshToken: string };

export interface ExchangeOptions {
  appKey: string;
  appSecret: string;
  authBaseUrl: string;
  code: string;
  requestTimeoutMs: number;
  maxRetries: number;
  userAgent: string;
  logger: Logger;
  sleep?: (ms: number) => Promise<void>;
}

const PATH = '/api/v2/token/get';
const LABEL = `GET ${PATH}`;
const FRESH_LINK = 'run authorize again for a fresh consent link and paste the redirect right away';

/**
 * §1.1: unsigned GET on the token host with app_key, app_secret, auth_code and grant_type=authorized_code (not
 * OAuth's authorization_code). Transient failures are retried, but a code is single-use: if an attempt whose
 * reply was lost did spend it, the retry sees 36004004, and the error says so.
 */
export async function exchangeAuthCode(options: ExchangeOptions): Promise<AuthorizedGrant> {
  const wire = createWire({ requestTimeoutMs: options.requestTimeoutMs, userAgent: options.userAgent, logger: options.logger });
  const query = { app_key: options.appKey, app_secret: options.appSecret, auth_code: options.code, grant_type: 'authorized_code' };
  const url = `${trimBase(options.authBaseUrl)}${PATH}?${encodeQuery(query)}`;
  const mask = [options.code, options.appSecret];
  return retryingCall(
    {
      label: LABEL,
      endpoint: PATH,
      attempt: () => wire.send({ method: 'GET', url, body: undefined, headers: {}, endpoint: PATH, tags: {}, mask }),
      accept: ({ data, requestId }) => {
        const reply = readTokenReply(data, LABEL, requestId);
        if (!reply.refreshToken) throw unexpectedReplyError(LABEL, requestId, 'a token reply without refresh_token');
        return { ...reply, refreshToken: reply.refreshToken };
      },
      decide: (failure, retries) => {
        const code = failure.facts.code;
        if (code === 36004004) {
          const spent = retries > 0 ? ' (an earlier attempt whose reply was lost may have used it)' : '';
          return failureError(LABEL, failure, {
            fatal: true,
            hint: `the auth code is expired (codes live 30 minutes), already used (single-use${spent}), or from the consent link of another app (check that service_id belongs to app_key): ${FRESH_LINK}`,
          });
        }
        if (code === 36009004 || /app[_ ]?(key|secret)/i.test(failure.facts.message ?? '')) {
          return failureError(LABEL, failure, {
            fatal: true,
            hint: 'the token service refused app_key or app_secret: copy both from your app in Partner Center (the code may still be usable: rerun with --code within 30 minutes)',
          });
        }
        return failure.cls.action === 'retry' ? 'retry' : failureError(LABEL, failure, { fatal: true });
      },
    },
    {
      maxRetries: options.maxRetries,
      baseMs: 1000,
      // A person is waiting at the prompt: short waits.
      capMs: 10_000,
      logger: options.logger,
      sleep: options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))),
      now: Date.now,
      random: Math.random,
    },
  );
}
