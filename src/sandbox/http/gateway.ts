/**
 * The gateway rules every signed API call passes before its handler (reference §2–§4): app_key, sign, timestamp,
 * signature, shop_cipher, access token, Content-Type — in the order the live gateway reports them.
 */
import { signRequest } from '../../tiktok/signing.js';
import type { ResolvedOptions } from '../options.js';
import { ApiError } from './api-error.js';
import type { Ctx } from './routes.js';
import type { Store } from '../store.js';
import { wallNow, type TokenService } from './tokens.js';

export function checkGateway(ctx: Ctx, opts: ResolvedOptions, tokens: TokenService, store: Store): void {
  const q = ctx.query;
  if (q['app_key'] !== opts.appKey) throw new ApiError(400, 36009004, 'Invalid app_key');
  if (!q['sign']) throw new ApiError(400, 36009004, 'Invalid sign: the sign query parameter is missing');
  if (opts.checkTimestamp) {
    const ts = q['timestamp'] ?? '';
    const now = wallNow();
    if (!/^\d{1,12}$/.test(ts) || Number(ts) < now - 300 || Number(ts) > now + 30) {
      throw new ApiError(400, 36009004, 'Invalid timestamp. The timestamp must be within 5 minutes before and 30 seconds after the current time');
    }
  }
  const expected = signRequest(opts.appSecret, ctx.path, q, ctx.body);
  if (expected !== q['sign']) throw new ApiError(401, 106001, 'Invalid signature');
  if (ctx.route.scope === 'app') {
    if (q['shop_cipher'] !== undefined) {
      throw new ApiError(400, 36009004, 'Unexpected identifier. The shop_cipher query parameter is not required');
    }
  } else {
    if (!q['shop_cipher']) throw new ApiError(400, 106013, 'shop_cipher is missing');
    if (!ctx.shop) throw new ApiError(400, 36009004, 'Invalid shop_cipher');
  }
  const header = ctx.headers['x-tts-access-token'];
  const token = Array.isArray(header) ? header[0] : header;
  if (!token) throw new ApiError(400, 36009004, 'Invalid access_token: the x-tts-access-token header is missing');
  const info = tokens.accessToken(token);
  if (!info) throw new ApiError(400, 36009004, 'Invalid access_token');
  if (info.expiresAt <= wallNow()) throw new ApiError(401, 105002, 'Access token is expired, please refresh it');
  // A grant reaches its own seller's shops only (docs/tiktok-shop-api.md §3.3: 101000).
  if (ctx.shop && store.sellerOfShop(ctx.shop) !== info.seller) throw new ApiError(401, 101000, 'The access token does not match this shop');
  ctx.seller = info.seller;
  if (ctx.method === 'POST') {
    const type = ctx.headers['content-type'] ?? '';
    if (!type.toLowerCase().includes('application/json')) {
      throw new ApiError(400, 36009022, 'Invalid Content-Type: the body must be application/json');
    }
  }
}
