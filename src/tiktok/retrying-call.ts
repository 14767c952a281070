import type { Logger } from '../log.js';
import { describeFailure, scrub, type ApiError } from './errors.js';
import { failureError, type Failure, type Outcome, type Success } from './reply.js';
import { retryDelayMs } from './retry.js';

/**
 * The one retry loop of the tap, for every call it makes (API calls, token refresh, the authorize exchange). Each
 * pass asks the caller for a fresh attempt, so each retry is signed again with a fresh timestamp and carries the
 * token current when it is sent (docs/tiktok-shop-api.md §2.1, G7); back-off follows retryDelayMs (§3.4).
 */
export interface RetryPolicy {
  maxRetries: number;
  baseMs: number;
  capMs: number;
  logger: Logger;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  /** In [0, 1): back-off jitter. */
  random: () => number;
  /** Told about each back-off (the client counts them). */
  onRetry?: () => void;
}

/**
 * What a failure means for this call: `retry` backs off and sends again (up to maxRetries); `again` sends again at
 * once without counting a retry (after a token refresh; the caller bounds how often); an ApiError ends the call.
 */
export type Decision = 'retry' | 'again' | ApiError;

export interface Call<T> {
  /** `METHOD /path`, for messages. */
  label: string;
  /** Endpoint name, for log fields. */
  endpoint: string;
  /** Sends one attempt, built (signed, token attached) when it goes out. */
  attempt: () => Promise<Outcome>;
  /** What a success yields. */
  accept: (success: Success) => T;
  /** The caller's reading of a failure; undefined leaves it to the default: retry what is transient, else end. */
  decide?: (failure: Failure, retries: number) => Decision | undefined | Promise<Decision | undefined>;
}

export async function retryingCall<T>(call: Call<T>, policy: RetryPolicy): Promise<T> {
  let retries = 0;
  for (;;) {
    const outcome = await call.attempt();
    if (outcome.ok) return call.accept(outcome);
    const decision = (await call.decide?.(outcome, retries)) ?? (outcome.cls.action === 'retry' ? 'retry' : failureError(call.label, outcome));
    if (decision === 'again') continue;
    if (decision !== 'retry') throw decision;
    if (retries >= policy.maxRetries) throw failureError(call.label, outcome, { exhausted: retries + 1 });
    await backoff(call, outcome, retries, policy);
    retries += 1;
  }
}

async function backoff(call: Call<unknown>, failure: Failure, retries: number, policy: RetryPolicy): Promise<void> {
  const delay = retryDelayMs(retries, { baseMs: policy.baseMs, capMs: policy.capMs, retryAfter: failure.retryAfter, now: policy.now, random: policy.random });
  policy.onRetry?.();
  policy.logger.warn(
    `${call.label}: ${scrub(describeFailure(failure.facts), failure.mask)} (request_id ${failure.requestId ?? 'none'}); ` +
      `retry ${retries + 1}/${policy.maxRetries} in ${(delay / 1000).toFixed(1)} s`,
    { endpoint: call.endpoint, reason: failure.cls.reason },
  );
  await policy.sleep(delay);
}
