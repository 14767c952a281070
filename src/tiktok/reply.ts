import type { HttpReply } from './http.js';
import { BodyTooLargeError, RequestTimeoutError, TransportError } from './transport-errors.js';
import { ApiError, classifyApiFailure, scrub, type Classification, type FailureFacts } from './errors.js';

/**
 * What one HTTP exchange amounted to. The API signals failure in its `{code, message, request_id, data}`
 * envelope as often as in the HTTP status, so both are read here. References are to
 * /work/shared/tiktok-shop-api.md.
 */
export type Outcome =
  | { ok: true; data: unknown; requestId: string; httpStatus: number }
  | {
      ok: false;
      facts: FailureFacts;
      cls: Classification;
      requestId: string | undefined;
      retryAfter: string | undefined;
      body: string | undefined;
      mask: string[];
    };

export type Failure = Extract<Outcome, { ok: false }>;

/** What `interpretReply` reads of an exchange (`fetchText`'s reply). */
export type ReplyLike = Pick<HttpReply, 'statusCode' | 'headers' | 'body'>;

function header(response: ReplyLike, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** A failure with no reply at all (timeout, connection error). */
export function transportFailure(facts: FailureFacts, mask: string[]): Failure {
  return { ok: false, facts, cls: classifyApiFailure(facts), requestId: undefined, retryAfter: undefined, body: undefined, mask };
}

/** Errors that are not the transport's (bugs) are rethrown: only transport trouble is an API failure. */
export function transportFacts(error: unknown, mask: string[], requestTimeoutMs: number): FailureFacts {
  // Not retried: the same request would bring the same oversized body (a gzip bomb, a runaway reply).
  if (error instanceof BodyTooLargeError) return { kind: 'too_large', detail: error.message };
  if (error instanceof RequestTimeoutError) return { kind: 'timeout', detail: `no reply within ${requestTimeoutMs} ms` };
  if (error instanceof TransportError) {
    const code = error.code ? `${error.code}: ` : '';
    return { kind: 'network', detail: scrub(`${code}${error.message}`, mask) };
  }
  throw error;
}

/** Read the envelope (§3.1) whatever the HTTP status. JSON.parse keeps ids as the strings the API sends (G4). */
export function interpretReply(response: ReplyLike, mask: string[]): Outcome {
  const status = response.statusCode;
  const text = typeof response.body === 'string' ? response.body : '';
  const retryAfter = header(response, 'retry-after');
  const fail = (facts: FailureFacts, requestId: string | undefined): Outcome => ({
    ok: false,
    facts,
    cls: classifyApiFailure(facts),
    requestId,
    retryAfter,
    body: text,
    mask,
  });
  const headerId = header(response, 'x-tt-logid');

  if (status >= 300 && status < 400) return fail({ httpStatus: status, kind: 'redirect' }, headerId);
  const trimmed = text.trim();
  if (trimmed === '') return fail({ httpStatus: status, kind: 'empty' }, headerId);
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    const kind = /^<|<html|<!doctype/i.test(trimmed) ? 'html' : /^[{[]/.test(trimmed) ? 'truncated' : 'not_json';
    return fail({ httpStatus: status, kind }, headerId);
  }
  const envelope = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  const rawCode = envelope?.code;
  const code = typeof rawCode === 'number' ? rawCode : typeof rawCode === 'string' && /^-?\d+$/.test(rawCode) ? Number(rawCode) : undefined;
  if (!envelope || code === undefined) return fail({ httpStatus: status, kind: 'not_json' }, headerId);
  const requestId = typeof envelope.request_id === 'string' && envelope.request_id !== '' ? envelope.request_id : headerId;
  // Only a failure says its message; a success's ("Success") is not scrubbed, which costs every reply.
  if (code !== 0) return fail({ httpStatus: status, code, message: typeof envelope.message === 'string' ? scrub(envelope.message, mask) : '' }, requestId);
  if (status < 200 || status >= 300) return fail({ httpStatus: status }, requestId);
  if (envelope.data === undefined || envelope.data === null) return fail({ httpStatus: status, kind: 'no_data' }, requestId);
  return { ok: true, data: envelope.data, requestId: requestId ?? '', httpStatus: status };
}

export function failureError(
  label: string,
  failure: Failure,
  override: { action?: 'fatal'; hint?: string; attempts?: number } = {},
): ApiError {
  return new ApiError({
    ...failure.facts,
    action: override.action ?? failure.cls.action,
    reason: failure.cls.reason,
    hint: override.hint ?? failure.cls.hint,
    endpoint: label,
    requestId: failure.requestId,
    attempts: override.attempts,
    responseBody: failure.body,
    mask: failure.mask,
  });
}

/** A successful envelope whose `data` is not shaped as documented. */
export function unexpectedReplyError(label: string, requestId: string, detail: string): ApiError {
  return new ApiError({
    action: 'fatal',
    reason: 'unexpected_reply',
    endpoint: label,
    requestId,
    detail: `unexpected reply: ${detail}`,
    hint: 'the API changed or answered oddly; report it with the request_id',
  });
}
