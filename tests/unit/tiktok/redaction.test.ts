import { http, HttpResponse } from 'msw';
import { ENDPOINTS } from '../../../src/tiktok/endpoints.js';
import { ACCESS_TOKEN, API, APP_SECRET, AUTH, NEW_ACCESS, NEW_REFRESH, REFRESH_TOKEN, SHOP, apiError, envelope, makeClient, mswServer } from './helpers.js';

const server = mswServer();
const SEARCH = `${API}/order/202309/orders/search`;
const SECRETS = [APP_SECRET, ACCESS_TOKEN, REFRESH_TOKEN, NEW_ACCESS, NEW_REFRESH];

/**
 * A hostile server that echoes everything it got (query string with sign, headers) back in its messages and
 * bodies, through every failure path. Nothing secret may reach a log line or an error message.
 */
function echo(request: Request): string {
  const headers: string[] = [];
  request.headers.forEach((v, k) => headers.push(`${k}: ${v}`));
  const url = new URL(request.url);
  const sign = url.searchParams.get('sign') ?? '';
  // The raw query (sign=..., app_secret=...), the bare sign value, and the token header value.
  return `bad request ${url.search} sign was ${sign} ${headers.join('; ')} raw secret ${url.searchParams.get('app_secret') ?? ''}`;
}

describe('no secret or sign leaks', () => {
  test('through every error path', async () => {
    const signs: string[] = [];
    let refreshCount = 0;
    server.use(
      http.get(`${AUTH}/api/v2/token/refresh`, ({ request }) => {
        refreshCount += 1;
        if (refreshCount === 1) return HttpResponse.json(envelope({ access_token: NEW_ACCESS, access_token_expire_in: 2_000_000_000, refresh_token: NEW_REFRESH }));
        return HttpResponse.json(apiError(36004004, echo(request)), { status: 400 });
      }),
      http.post(SEARCH, async ({ request }) => {
        const url = new URL(request.url);
        signs.push(url.searchParams.get('sign')!);
        const scenario = url.searchParams.get('scenario');
        const text = echo(request);
        switch (scenario) {
          case 'fatal':
            return HttpResponse.json(apiError(106001, text), { status: 400 });
          case 'unknown':
            return HttpResponse.json(apiError(12345, text));
          case 'retry':
            return HttpResponse.json(apiError(36009003, text), { status: 500 });
          case 'html':
            return new HttpResponse(`<html>${text}</html>`, { status: 502 });
          case 'truncated':
            return new HttpResponse(`{"code":0,"message":"${text}`);
          case 'refresh':
            return HttpResponse.json(apiError(105002, text));
          case 'skip':
            return HttpResponse.json(apiError(36009043, text));
          case 'nodata':
            return HttpResponse.json({ code: 0, message: text, request_id: 'R' });
          default:
            return HttpResponse.error();
        }
      }),
    );

    const { client, lines } = makeClient({ maxRetries: 1 });
    const messages: string[] = [];
    for (const scenario of ['fatal', 'unknown', 'retry', 'html', 'truncated', 'skip', 'nodata', 'network', 'refresh', 'refresh']) {
      try {
        await client.request({ method: 'POST', path: ENDPOINTS.searchOrders.path, query: { page_size: 1, scenario }, body: {}, shop: SHOP });
        messages.push(`unexpected success for ${scenario}`);
      } catch (error) {
        const e = error as Error & { hint?: string; userLine?: () => string; responseBody?: string };
        messages.push(e.message, e.hint ?? '', e.userLine?.() ?? '', e.responseBody ?? '', String(e.stack), JSON.stringify(e));
      }
    }

    // The second 'refresh' scenario forces a refresh whose failure echoes app_secret and refresh token.
    expect(refreshCount).toBe(2);
    expect(messages.join('\n')).toMatch(/token\/refresh failed: code 36004004/);
    expect(signs.length).toBeGreaterThan(10);
    const everything = [...lines, ...messages].join('\n');
    expect(lines.some((l) => l.includes('WARNING'))).toBe(true);
    for (const secret of SECRETS) expect(everything).not.toContain(secret);
    for (const sign of signs) expect(everything).not.toContain(sign);
    expect(everything).not.toMatch(/unexpected success/);
  });
});
