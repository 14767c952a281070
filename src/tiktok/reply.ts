import type { IncomingHttpHeaders } from 'node:http';
import { ApiError, apiErrorOfKind, classifyApiFailure, RetriesExhaustedError, scrub, UnreachableError, type ApiErrorInit, type Classification, type FailureFacts } from './errors.js';
import { parseKeepingBigIntegers } from './big-integers.js';

/**
 * What one HTTP exchange amounted to. The API signals failure in its `{code, message, request_id, data}`
 * envelope as often as in the HTTP status, so both are read here (docs/tiktok-shop-api.md §3.1).
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
export type Success = Extract<Outcome, { ok: true }>;

/** What `interpretReply` reads of an exchange. */
export interface ReplyLike {
  statusCode: number;
  headers: IncomingHttpHeaders;
  body: string;
}

function header(response: ReplyLike, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** A failure with no reply at all (timeout, connection error). */
export function transportFailure(facts: FailureFacts, mask: string[]): Failure {
  return { ok: false, facts, cls: classifyApiFailure(facts), requestId: undefined, retryAfter: undefined, body: undefined, mask };
}

/**
 * Read the envelope (§3.1) whatever the HTTP status. Ids the API sends as strings stay strings (G4); integers too long
 * for a double become strings of their exact digits (src/tiktok/big-integers.ts).
 */
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
    parsed = parseKeepingBigIntegers(trimmed);
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

/**
 * The error a failure ends a call with. By default the class its classification names; `exhausted` (attempts made)
 * for a transient failure that outlived the retries; `fatal` when the caller knows no class fits better (a token
 * rejected right after a refresh).
 */
export function failureError(label: string, failure: Failure, override: { exhausted?: number; fatal?: boolean; hint?: string } = {}): ApiError {
  const init: ApiErrorInit = {
    ...failure.facts,
    action: failure.cls.action === 'skip_shop' && !override.fatal && override.exhausted === undefined ? 'skip_shop' : 'fatal',
    reason: failure.cls.reason,
    hint: override.hint ?? failure.cls.hint,
    endpoint: label,
    requestId: failure.requestId,
    attempts: override.exhausted,
    responseBody: failure.body,
    mask: failure.mask,
  };
  if (override.exhausted !== undefined) {
    const unreachable = failure.facts.kind === 'timeout' || failure.facts.kind === 'network';
    return unreachable ? new UnreachableError(init) : new RetriesExhaustedError(init);
  }
  if (override.fatal) return new ApiError(init);
  return apiErrorOfKind(failure.cls.errorKind, init);
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
