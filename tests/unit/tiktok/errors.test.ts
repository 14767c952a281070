import { EXIT, TapError } from '../../../src/errors.js';
import { ApiError, classifyApiFailure } from '../../../src/tiktok/errors.js';

describe('classifyApiFailure', () => {
  test.each([
    [{ httpStatus: 429 }, 'retry', 'throttled'],
    [{ httpStatus: 500 }, 'retry', 'server_error'],
    [{ httpStatus: 503 }, 'retry', 'server_error'],
    [{ httpStatus: 200, code: 36009002, message: 'Too many requests' }, 'retry', 'throttled'],
    [{ httpStatus: 200, code: 36009003, message: 'Internal error' }, 'retry', 'server_error'],
    [{ httpStatus: 200, code: 36009007, message: 'Request timed out' }, 'retry', 'server_timeout'],
    [{ httpStatus: 200, code: 10002014, message: 'Failed to get orders' }, 'retry', 'server_error'],
    [{ httpStatus: 200, code: 10002015, message: 'Failed to get orders' }, 'retry', 'server_error'],
    [{ kind: 'timeout' as const }, 'retry', 'timeout'],
    [{ kind: 'network' as const, detail: 'ECONNRESET' }, 'retry', 'network'],
    [{ httpStatus: 502, kind: 'html' as const }, 'retry', 'bad_body_html'],
    [{ httpStatus: 200, kind: 'truncated' as const }, 'retry', 'bad_body_truncated'],
    [{ httpStatus: 200, kind: 'empty' as const }, 'retry', 'bad_body_empty'],
    [{ httpStatus: 404, kind: 'html' as const }, 'fatal', 'bad_body_html'],
    [{ httpStatus: 200, kind: 'no_data' as const }, 'fatal', 'no_data'],
    [{ httpStatus: 200, code: 105002, message: 'Access token is expired' }, 'refresh', 'token_expired'],
    [{ httpStatus: 401, code: 36009004, message: 'Invalid credentials: access_token is invalid' }, 'refresh', 'token_rejected'],
    [{ httpStatus: 200, code: 36009004, message: 'Invalid x-tts-access-token header' }, 'refresh', 'token_rejected'],
    [{ httpStatus: 200, code: 36009004, message: 'Invalid timestamp: expired' }, 'retry', 'timestamp'],
    [{ httpStatus: 400, code: 36009004, message: 'Invalid app_key' }, 'fatal', 'bad_app_key'],
    [{ httpStatus: 200, code: 36009004, message: 'Unexpected identifier. The shop_cipher query parameter is not required' }, 'fatal', 'bad_shop_cipher'],
    [{ httpStatus: 200, code: 36009043, message: 'Shop is deactivated' }, 'skip_shop', 'shop_deactivated'],
    [{ httpStatus: 200, code: 36009044, message: 'Seller is deactivated' }, 'skip_shop', 'seller_deactivated'],
    [{ httpStatus: 200, code: 106001, message: 'Invalid sign' }, 'fatal', 'bad_sign'],
    [{ httpStatus: 200, code: 105005, message: 'Access denied: scope' }, 'fatal', 'missing_scope'],
    [{ httpStatus: 200, code: 36009033, message: 'IP not allowed' }, 'fatal', 'ip_not_allowed'],
    [{ httpStatus: 200, code: 101000, message: 'Invalid token' }, 'fatal', 'token_shop_mismatch'],
    [{ httpStatus: 200, code: 99999999, message: 'Something new' }, 'fatal', 'unknown_code'],
    [{ httpStatus: 503, code: 99999999, message: 'Something new' }, 'retry', 'server_error'],
    [{ httpStatus: 400 }, 'fatal', 'http_error'],
    // §3.3 (December 2025 per-endpoint tables): refusals, never retried.
    [{ httpStatus: 200, code: 10006402, message: 'permission denied' }, 'fatal', 'permission_denied'],
    [{ httpStatus: 200, code: 12052260, message: 'product ID does not exist' }, 'fatal', 'product_gone'],
    [{ httpStatus: 200, code: 25020005, message: 'No permission to process this order' }, 'fatal', 'permission_denied'],
    [{ httpStatus: 200, code: 25001001, message: 'An invalid request parameter was passed' }, 'fatal', 'bad_request'],
  ])('%j → %s/%s', (facts, action, reason) => {
    const c = classifyApiFailure(facts);
    expect(c.action).toBe(action);
    expect(c.reason).toBe(reason);
  });

  test('hints say what to do', () => {
    expect(classifyApiFailure({ code: 106001, message: 'Invalid sign' }).hint).toMatch(/check app_secret/);
    expect(classifyApiFailure({ code: 105005 }).hint).toMatch(/enable the scope in Partner Center and have the seller re-authorize/);
    expect(classifyApiFailure({ code: 36009004, message: 'invalid app_key' }).hint).toMatch(/check app_key/);
    expect(classifyApiFailure({ code: 36009033 }).hint).toMatch(/allow-list/);
    expect(classifyApiFailure({ code: 12345678 }).hint).toMatch(/code 12345678 is unknown to the tap/);
  });

  test('the documented item refusals are the unavailable kind; 25020005 refuses the whole search as a missing grant does; 25001001 is a refusal', () => {
    for (const code of [10006402, 12052048, 12019150, 12052260, 12052032, 12052901]) expect(classifyApiFailure({ code }).errorKind).toBe('unavailable');
    expect(classifyApiFailure({ code: 25020005 }).errorKind).toBe('missing_scope');
    expect(classifyApiFailure({ code: 25020005 }).hint).toMatch(/seller\.return_refund\.basic/);
    expect(classifyApiFailure({ code: 25001001 }).errorKind).toBe('refused');
    expect(classifyApiFailure({ code: 25001001 }).hint).toMatch(/request parameter.*bug in the tap/);
  });

  test('throttling is flagged for 429 and 36009002 only', () => {
    expect(classifyApiFailure({ httpStatus: 429 }).throttled).toBe(true);
    expect(classifyApiFailure({ code: 36009002 }).throttled).toBe(true);
    expect(classifyApiFailure({ httpStatus: 503 }).throttled).toBe(false);
  });
});

describe('ApiError', () => {
  test('message names endpoint, code and request_id; hint and exit code set; body not enumerable', () => {
    const err = new ApiError({
      action: 'fatal',
      reason: 'bad_sign',
      hint: 'check app_secret',
      endpoint: 'POST /order/202309/orders/search',
      code: 106001,
      message: 'Invalid sign',
      httpStatus: 200,
      requestId: '20250301120102AB34',
      responseBody: '{"code":106001,"message":"Invalid sign"}',
    });
    expect(err).toBeInstanceOf(TapError);
    expect(err.message).toBe('POST /order/202309/orders/search failed: code 106001 "Invalid sign" (request_id 20250301120102AB34)');
    expect(err.userLine()).toContain('check app_secret');
    expect(err.exitCode).toBe(EXIT.API);
    expect(err.code).toBe('api_bad_sign');
    expect(err.apiCode).toBe(106001);
    expect(err.responseBody).toContain('106001');
    expect(Object.keys(err)).not.toContain('responseBody');
    expect(JSON.stringify(err)).not.toContain('Invalid sign"}');
  });

  test('skip_shop exits partial; exhausted retries and body kinds read clearly', () => {
    expect(new ApiError({ action: 'skip_shop', reason: 'shop_deactivated', hint: 'h', endpoint: 'GET /x', code: 36009043 }).exitCode).toBe(EXIT.PARTIAL);
    const html = new ApiError({ action: 'fatal', reason: 'bad_body_html', hint: 'h', endpoint: 'GET /x', kind: 'html', httpStatus: 502, attempts: 4 });
    expect(html.message).toBe('GET /x failed after 4 attempts: the API answered with an HTML page (HTTP 502) (request_id none)');
    const truncated = new ApiError({ action: 'fatal', reason: 'bad_body_truncated', hint: 'h', endpoint: 'GET /x', kind: 'truncated', httpStatus: 200 });
    expect(truncated.message).toContain('truncated JSON');
    const noData = new ApiError({ action: 'fatal', reason: 'no_data', hint: 'h', endpoint: 'GET /x', kind: 'no_data', requestId: 'R1' });
    expect(noData.message).toBe('GET /x failed: reply without data (request_id R1)');
  });

  test('masks extra values such as the sign', () => {
    const err = new ApiError({ action: 'fatal', reason: 'bad_sign', hint: 'h', endpoint: 'GET /x', code: 106001, message: 'sign abcdef0123 is wrong', mask: ['abcdef0123'] });
    expect(err.message).not.toContain('abcdef0123');
  });
});

describe('the error class a failure ends as (what callers decide on)', () => {
  test.each([
    [{ code: 105005, message: 'scope' }, 'missing_scope'],
    [{ code: 77777777, message: 'new' }, 'unknown_code'],
    [{ code: 21008111, message: 'not yours' }, 'refused'],
    [{ code: 36009009, message: 'bad' }, 'refused'],
    [{ code: 36009004, message: 'Unexpected identifier' }, 'refused'],
    [{ httpStatus: 404 }, 'refused'],
    [{ code: 36009043, message: 'Shop is deactivated' }, 'shop'],
    [{ code: 106001, message: 'Invalid sign' }, 'fatal'],
    [{ code: 36009033, message: 'IP' }, 'fatal'],
    [{ kind: 'too_large' as const }, 'fatal'],
  ])('%j → %s', (facts, errorKind) => {
    expect(classifyApiFailure(facts).errorKind).toBe(errorKind);
  });
});
