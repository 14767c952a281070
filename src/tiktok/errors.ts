import { EXIT, TapError } from '../errors.js';
import { maskValues, redact, secretForms } from '../redact.js';

/**
 * What the client does with a failed call. `retry`: back off and send again (re-signed); `refresh`: get a new
 * access token and send once more; `skip_shop`: this shop cannot be synced, the others can; `fatal`: stop.
 * References are to docs/tiktok-shop-api.md.
 */
export type ApiAction = 'retry' | 'refresh' | 'skip_shop' | 'fatal';

/** Failures that happen below the JSON envelope. */
export type TransportKind = 'timeout' | 'network' | 'html' | 'truncated' | 'not_json' | 'empty' | 'no_data' | 'redirect' | 'too_large';

export interface FailureFacts {
  httpStatus?: number | undefined;
  /** Envelope `code` (non-zero). */
  code?: number | undefined;
  /** Envelope `message`. */
  message?: string | undefined;
  kind?: TransportKind | undefined;
  /** For timeouts/network errors: e.g. "ECONNRESET" or "no reply within 30000 ms". */
  detail?: string | undefined;
}

/**
 * Which error class a failure becomes once the client has done what it can (retried, refreshed): the class is what
 * callers decide recovery on. `refused`: the API said no to this one call (a caller may skip it); `unknown_code`: a
 * refusal with a code the tap has no entry for; `missing_scope`: a refusal of the whole endpoint; `shop`: this shop
 * cannot be synced; `unavailable`: the API refuses this one item (permission denied, gone, not in a status it
 * serves), which a family may replace by what it already has; `fatal`: only a person can fix it.
 */
export type FailureKind = 'fatal' | 'refused' | 'unknown_code' | 'missing_scope' | 'unavailable' | 'shop';

export interface Classification {
  action: ApiAction;
  /** The error class it ends as (not to be confused with the transport `kind` of FailureFacts). */
  errorKind: FailureKind;
  /** Stable machine-readable reason, also the suffix of the TapError code (`api_<reason>`). */
  reason: string;
  hint: string;
  /** Counts as throttling for the adaptive rate limiter (§3.2). */
  throttled: boolean;
}

const RETRY_LATER = 'the tap retries with back-off; if it keeps happening, try again later';

/** Codes that mean "try again" (§3.3). */
const RETRY_CODES: Readonly<Record<number, { reason: string; hint: string; throttled?: boolean }>> = {
  36009002: { reason: 'throttled', hint: 'the API is throttling this app; the tap slows that endpoint down by itself and retries — lower endpoint_requests_per_second only if it keeps happening', throttled: true },
  36009003: { reason: 'server_error', hint: `TikTok reported an internal error; ${RETRY_LATER}` },
  36009007: { reason: 'server_timeout', hint: `TikTok timed out handling the request; ${RETRY_LATER}` },
  10002014: { reason: 'server_error', hint: `TikTok failed to load the orders; ${RETRY_LATER}` },
  10002015: { reason: 'server_error', hint: `TikTok failed to load the orders; ${RETRY_LATER}` },
  // §3.3 lists these Get-Order-Detail internals as "retry" too ([V1] S-RB).
  10037002: { reason: 'server_error', hint: `TikTok reported an internal error; ${RETRY_LATER}` },
  10037003: { reason: 'server_error', hint: `TikTok reported an internal error; ${RETRY_LATER}` },
  10037004: { reason: 'server_error', hint: `TikTok reported an internal error; ${RETRY_LATER}` },
};

/** Where the new grant goes depends on the deployment; the client's own token errors say it (src/tiktok/auth-hints.ts). */
const REAUTHORIZE = 'have the seller authorize the app again (tap-tiktok-shop authorize)';
const BUG = 'this is probably a bug in the tap (endpoint, version or parameters); please report it with the request_id';

/** Codes whose action is fixed (§3.3). 36009004 is overloaded and handled by message (G6). */
const FIXED_CODES: Readonly<Record<number, { action: ApiAction; errorKind?: FailureKind; reason: string; hint: string }>> = {
  105002: { action: 'refresh', reason: 'token_expired', hint: `the access token expired; the tap refreshes it and retries once — if that fails, ${REAUTHORIZE}` },
  105005: {
    action: 'fatal',
    errorKind: 'missing_scope',
    reason: 'missing_scope',
    hint: 'the app lacks the scope this endpoint needs: enable the scope in Partner Center and have the seller re-authorize the app',
  },
  106001: { action: 'fatal', reason: 'bad_sign', hint: 'the signature was rejected: check app_secret (and that it belongs to app_key); the tokens need no change' },
  101000: {
    action: 'fatal',
    reason: 'token_shop_mismatch',
    hint: `the access token does not match this shop or the shop cipher is stale: ${REAUTHORIZE}, then run again`,
  },
  36009033: {
    action: 'fatal',
    reason: 'ip_not_allowed',
    hint: "this machine's IP is not on the app's IP allow-list: add it in Partner Center (app settings)",
  },
  36009043: { action: 'skip_shop', reason: 'shop_deactivated', hint: 'the shop is deactivated: reactivate it, or leave it out with shop_ids' },
  36009044: { action: 'skip_shop', reason: 'seller_deactivated', hint: 'the seller account is deactivated: reactivate it, or leave its shops out with shop_ids' },
  106013: { action: 'fatal', errorKind: 'refused', reason: 'bad_request', hint: BUG },
  36009009: { action: 'fatal', errorKind: 'refused', reason: 'bad_request', hint: `${BUG}; also check api_base_url` },
  36009010: { action: 'fatal', errorKind: 'refused', reason: 'bad_request', hint: BUG },
  36009014: { action: 'fatal', errorKind: 'refused', reason: 'bad_request', hint: BUG },
  36009022: { action: 'fatal', errorKind: 'refused', reason: 'bad_request', hint: BUG },
  // §9.10: Get Withdrawals' "given merchant does not exist"; the withdrawals family takes it as "not offered".
  22005007: { action: 'fatal', errorKind: 'refused', reason: 'merchant_not_found', hint: 'TikTok knows no withdrawal account for this shop' },
  21008111: { action: 'fatal', errorKind: 'refused', reason: 'not_this_seller', hint: 'the order does not belong to this seller; re-run so the shop list and ciphers are fetched again' },
  // §3.3, December 2025 per-endpoint tables: refusals of one item. Never retried (a retry gets the same answer); the
  // family's policy says what replaces the item's detail (src/streams/products.ts, packages.ts).
  10006402: { action: 'fatal', errorKind: 'unavailable', reason: 'permission_denied', hint: 'TikTok denies this app access to this package or order (permission denied)' },
  12052048: { action: 'fatal', errorKind: 'unavailable', reason: 'product_unavailable', hint: 'the product is not listed in this shop (a FREEZE or DELETED product)' },
  12019150: { action: 'fatal', errorKind: 'unavailable', reason: 'product_gone', hint: 'the product id does not exist (deleted since the search)' },
  12052260: { action: 'fatal', errorKind: 'unavailable', reason: 'product_gone', hint: 'the product id does not exist (deleted since the search)' },
  12052032: { action: 'fatal', errorKind: 'unavailable', reason: 'product_gone', hint: 'the product does not exist (deleted since the search)' },
  12052901: { action: 'fatal', errorKind: 'unavailable', reason: 'product_unavailable', hint: "Get Product does not serve the product in its current status" },
  // §3.3: Search Returns and Search Cancellations. Both are searches of the whole shop, so there is no one order to
  // skip: "no permission" is the shop's grant refusing return data (every call fails alike, as with 105005), and
  // "invalid request parameter" is a request the tap built wrong.
  25020005: {
    action: 'fatal',
    errorKind: 'missing_scope',
    reason: 'permission_denied',
    hint: "TikTok denies this app the shop's returns and cancellations: check that the app has the seller.return_refund.basic scope and the seller authorized it since, or deselect returns and cancellations",
  },
  25001001: { action: 'fatal', errorKind: 'refused', reason: 'bad_request', hint: `TikTok refused a request parameter of the search: ${BUG}; meanwhile deselect the stream family to sync the rest` },
};

function isTransientStatus(status: number | undefined): boolean {
  return status === 429 || (status !== undefined && status >= 500);
}

/** 36009004 is reused for a dozen failures; only the message tells them apart (§3.3, G6). */
function classify36009004(message: string): Rule {
  const m = message.toLowerCase();
  if (/access[_ -]?token|x-tts-access-token/.test(m)) {
    return { action: 'refresh', reason: 'token_rejected', hint: `the access token was rejected; the tap refreshes it and retries once — if that fails, ${REAUTHORIZE}`, throttled: false };
  }
  if (m.includes('timestamp')) {
    // §2.1: accepted only within now−5 min … now+30 s; a retry is re-signed with a fresh timestamp (G7).
    return { action: 'retry', reason: 'timestamp', hint: "the request timestamp was rejected; the tap re-signs and retries — if it persists, fix this machine's clock (NTP)", throttled: false };
  }
  if (/app[_ ]?secret/.test(m)) {
    return { action: 'fatal', reason: 'bad_app_secret', hint: 'the app secret was refused: check app_secret (and that it belongs to app_key); the tokens need no change', throttled: false };
  }
  if (/app[_ ]?key/.test(m)) return { action: 'fatal', reason: 'bad_app_key', hint: 'check app_key', throttled: false };
  if (m.includes('shop_cipher') || m.includes('shop cipher') || m.includes('shop_id')) {
    return { action: 'fatal', reason: 'bad_shop_cipher', hint: `the shop cipher was refused; re-run so the shop list is fetched again — if it persists, ${BUG}`, throttled: false };
  }
  if (m.includes('sign')) return { action: 'fatal', reason: 'bad_sign', hint: 'the signature was rejected: check app_secret', throttled: false };
  return { action: 'fatal', errorKind: 'refused', reason: 'bad_request', hint: BUG, throttled: false };
}

/**
 * Pure mapping from what came back to what to do. Envelope `code` wins over the HTTP status (§3.1: "always
 * check code, whatever the HTTP status"); the status decides only when the code is absent or unknown.
 */
export function classifyApiFailure(facts: FailureFacts): Classification {
  const rule = classifyByRules(facts);
  return { ...rule, errorKind: rule.errorKind ?? (rule.action === 'skip_shop' ? 'shop' : 'fatal') };
}

/** A classification whose error class, when not named, follows from its action. */
type Rule = Omit<Classification, 'errorKind'> & { errorKind?: FailureKind };

function classifyByRules(facts: FailureFacts): Rule {
  const { httpStatus, code, kind } = facts;
  const message = facts.message ?? '';

  if (kind === 'timeout') return { action: 'retry', reason: 'timeout', hint: `no reply in time; ${RETRY_LATER} — or raise request_timeout`, throttled: false };
  if (kind === 'network') return { action: 'retry', reason: 'network', hint: `the connection failed; ${RETRY_LATER} — check network access to the API host`, throttled: false };
  if (kind === 'too_large') {
    return { action: 'fatal', reason: 'body_too_large', hint: 'the API sent a reply far larger than any real one (a runaway or hostile reply); it is not retried — try again later, and report it if it persists', throttled: false };
  }
  if (kind === 'no_data') return { action: 'fatal', reason: 'no_data', hint: 'the API answered success without data; try again later or report it with the request_id', throttled: false };
  if (kind === 'redirect') return { action: 'fatal', reason: 'redirect', hint: 'the API answered with a redirect, which the tap does not follow (tokens must not leak); check api_base_url', throttled: false };

  if (code !== undefined && code !== 0) {
    const retry = RETRY_CODES[code];
    if (retry) return { action: 'retry', reason: retry.reason, hint: retry.hint, throttled: retry.throttled ?? false };
    if (code === 36009004) return classify36009004(message);
    const fixed = FIXED_CODES[code];
    if (fixed) return { ...fixed, throttled: false };
    if (httpStatus === 429) return { action: 'retry', reason: 'throttled', hint: RETRY_CODES[36009002]!.hint, throttled: true };
    if (isTransientStatus(httpStatus)) return { action: 'retry', reason: 'server_error', hint: `the API answered HTTP ${httpStatus}; ${RETRY_LATER}`, throttled: false };
    return {
      action: 'fatal',
      errorKind: 'unknown_code',
      reason: 'unknown_code',
      hint: `code ${code} is unknown to the tap; look it up in the Partner Center error list and report it if the tap should handle it`,
      throttled: false,
    };
  }

  if (kind === 'html' || kind === 'truncated' || kind === 'not_json' || kind === 'empty') {
    // Gateways answer HTML/empty/cut-off bodies under load; 2xx and 5xx may be transient. Any other status with
    // a non-API body means we are not talking to the API (wrong base URL, proxy), which a retry will not fix.
    if (httpStatus === undefined || (httpStatus >= 200 && httpStatus < 300) || isTransientStatus(httpStatus)) {
      return { action: 'retry', reason: `bad_body_${kind}`, hint: `${RETRY_LATER}; a proxy or gateway may be in the way`, throttled: httpStatus === 429 };
    }
    return { action: 'fatal', reason: `bad_body_${kind}`, hint: 'the reply did not come from the TikTok Shop API; check api_base_url / auth_base_url and any proxy', throttled: false };
  }

  if (httpStatus === 429) return { action: 'retry', reason: 'throttled', hint: RETRY_CODES[36009002]!.hint, throttled: true };
  if (isTransientStatus(httpStatus)) return { action: 'retry', reason: 'server_error', hint: `the API answered HTTP ${httpStatus}; ${RETRY_LATER}`, throttled: false };
  return { action: 'fatal', errorKind: 'refused', reason: 'http_error', hint: `the API refused the request with HTTP ${httpStatus ?? '?'}; check api_base_url`, throttled: false };
}

const BODY_WORDS: Record<string, string> = {
  html: 'the API answered with an HTML page',
  truncated: 'the API answered with truncated JSON',
  not_json: 'the API answered with a body that is not the JSON envelope',
  empty: 'the API answered with an empty body',
};

/** The "what happened" part of an error message, without endpoint or request_id. */
export function describeFailure(facts: FailureFacts): string {
  const status = facts.httpStatus !== undefined ? `HTTP ${facts.httpStatus}` : undefined;
  if (facts.code !== undefined && facts.code !== 0) {
    const msg = JSON.stringify(facts.message ?? '');
    return `code ${facts.code} ${msg}${status && facts.httpStatus !== 200 ? ` (${status})` : ''}`;
  }
  switch (facts.kind) {
    case 'timeout':
      return `timed out${facts.detail ? ` (${facts.detail})` : ''}`;
    case 'network':
      return `connection failed${facts.detail ? ` (${facts.detail})` : ''}`;
    case 'no_data':
      return 'reply without data';
    case 'too_large':
      return facts.detail ?? 'reply body too large';
    case 'redirect':
      return `unexpected redirect${status ? ` (${status})` : ''}`;
    case 'html':
    case 'truncated':
    case 'not_json':
    case 'empty':
      return `${BODY_WORDS[facts.kind]}${status ? ` (${status})` : ''}`;
    default:
      return facts.detail ?? status ?? 'unknown failure';
  }
}

export interface ApiErrorInit extends FailureFacts {
  action: ApiAction;
  reason: string;
  hint: string;
  /** `METHOD /path` — never the query (it may hold secrets or a sign). */
  endpoint: string;
  requestId?: string | undefined;
  /** Attempts made when retries ran out. */
  attempts?: number | undefined;
  /** Raw response body, kept non-enumerable so logging the error never dumps it. */
  responseBody?: string | undefined;
  /** Extra strings to mask (e.g. the sign of the failed attempt), beyond what `redact` knows. */
  mask?: readonly string[] | undefined;
}

/**
 * An API failure the user sees. The message names the endpoint and request_id, e.g.
 * `POST /order/202309/orders/search failed: code 106001 "Invalid sign" (request_id 2025…)`.
 */
export class ApiError extends TapError {
  readonly action: ApiAction;
  readonly reason: string;
  readonly apiCode: number | undefined;
  readonly httpStatus: number | undefined;
  readonly endpoint: string;
  readonly requestId: string | undefined;
  declare readonly responseBody: string | undefined;

  constructor(init: ApiErrorInit) {
    const exhausted = init.attempts !== undefined && init.attempts > 1 ? ` after ${init.attempts} attempts` : '';
    let message = `${init.endpoint} failed${exhausted}: ${describeFailure(init)} (request_id ${init.requestId ?? 'none'})`;
    message = scrub(message, init.mask);
    super(`api_${init.reason}`, message, {
      hint: init.hint,
      exitCode: init.action === 'skip_shop' ? EXIT.PARTIAL : EXIT.API,
      scope: init.action === 'skip_shop' ? 'shop' : 'family',
    });
    this.name = 'ApiError';
    this.action = init.action;
    this.reason = init.reason;
    this.apiCode = init.code;
    this.httpStatus = init.httpStatus;
    this.endpoint = init.endpoint;
    this.requestId = init.requestId;
    Object.defineProperty(this, 'responseBody', {
      value: init.responseBody === undefined ? undefined : scrub(init.responseBody.slice(0, 2000), init.mask),
      enumerable: false,
      writable: false,
    });
  }
}

/**
 * The error classes callers decide recovery on (modelled on the Meltano SDK's FatalAPIError / RetriableAPIError and
 * a refused kind a caller may skip). A plain ApiError is fatal: only a person can fix it (credentials, signature,
 * allow-list, a reply no retry will mend).
 */

/** A transient failure (throttling, timeouts, server errors) that outlived max_retries. */
export class RetriesExhaustedError extends ApiError {
  constructor(init: ApiErrorInit) {
    super(init);
    this.name = 'RetriesExhaustedError';
  }
}

/** The API host could not be reached (connection failures, no reply in time) through every retry: nor will it be for this shop's next call. */
export class UnreachableError extends RetriesExhaustedError {
  constructor(init: ApiErrorInit) {
    super(init);
    this.name = 'UnreachableError';
  }
}

/** The API said no to this one call (bad request, not this seller's order, an HTTP refusal): a caller may skip it. */
export class RefusedCallError extends ApiError {
  constructor(init: ApiErrorInit) {
    super(init);
    this.name = 'RefusedCallError';
  }
}

/** A refusal with an error code the tap has no entry for (its meaning is the caller's to judge, e.g. Get Product's). */
export class UnknownCodeError extends RefusedCallError {
  constructor(init: ApiErrorInit) {
    super(init);
    this.name = 'UnknownCodeError';
  }
}

/** 105005: the grant lacks the endpoint's scope, so every call to it is refused, not just this one (§3.3). */
export class MissingScopeError extends RefusedCallError {
  constructor(init: ApiErrorInit) {
    super(init);
    this.name = 'MissingScopeError';
  }
}

/** The shop or its seller is deactivated: this shop cannot be synced, the others can (scope `shop`). */
export class ShopUnavailableError extends ApiError {
  constructor(init: Omit<ApiErrorInit, 'action'>) {
    super({ ...init, action: 'skip_shop' });
    this.name = 'ShopUnavailableError';
  }
}

/** The token service refused the refresh token itself (expired, revoked or rotated away, §1.2): re-authorize. */
export class RefreshRefusedError extends ApiError {
  constructor(init: ApiErrorInit) {
    super(init);
    this.name = 'RefreshRefusedError';
  }
}

/**
 * The API refuses this one item for a documented reason (permission denied, the product is gone or not served in
 * its status, §3.3): never retried; the family decides whether the item goes out without its detail.
 */
export class ItemUnavailableError extends RefusedCallError {
  constructor(init: ApiErrorInit) {
    super(init);
    this.name = 'ItemUnavailableError';
  }
}

/** The error a final failure becomes, by its classification's errorKind. */
export function apiErrorOfKind(kind: FailureKind, init: ApiErrorInit): ApiError {
  switch (kind) {
    case 'refused':
      return new RefusedCallError(init);
    case 'unknown_code':
      return new UnknownCodeError(init);
    case 'missing_scope':
      return new MissingScopeError(init);
    case 'unavailable':
      return new ItemUnavailableError(init);
    case 'shop':
      return new ShopUnavailableError(init);
    case 'fatal':
      return new ApiError(init);
  }
}

/** `redact` plus per-call values (signs) that are too many to register globally. */
export function scrub(text: string, mask: readonly string[] | undefined): string {
  return redact(maskValues(text, (mask ?? []).flatMap((value) => (value ? secretForms(value) : []))));
}

/** A misuse of the client by tap code (not the user's fault): fails fast, never retried. */
export class ClientUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClientUsageError';
  }
}
