import { registerSecret } from '../redact.js';
import { unexpectedReplyError } from './reply.js';

/**
 * The one reader of the token service's reply, shared by the authorize exchange (GET /api/v2/token/get, §1.1) and
 * the refresh (GET /api/v2/token/refresh, §1.2): both answer the same `data` (§1.3). Tokens are registered as
 * secrets the moment they are read, so no log line can show them.
 */
export interface TokenReply {
  accessToken: string;
  /** Absolute Unix seconds, despite the name (§1.3); 0 when absent. */
  accessTokenExpireIn: number;
  /** Absent from a refresh reply that keeps the old refresh token. */
  refreshToken: string | undefined;
  refreshTokenExpireIn: number | undefined;
  /** The seller's id for this grant (§1.3): a token store keys grants by it. */
  openId: string | undefined;
  sellerName: string | undefined;
  sellerBaseRegion: string | undefined;
  /** §1.3: 0 = seller token, 1 = creator token. */
  userType: number | undefined;
  grantedScopes: string[];
}

export function readTokenReply(data: unknown, label: string, requestId: string): TokenReply {
  const d = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  const str = (key: string): string | undefined => (typeof d[key] === 'string' && d[key] !== '' ? (d[key] as string) : undefined);
  const int = (key: string): number | undefined => (typeof d[key] === 'number' && Number.isFinite(d[key]) ? (d[key] as number) : undefined);
  const accessToken = str('access_token');
  const refreshToken = str('refresh_token');
  registerSecret(accessToken);
  registerSecret(refreshToken);
  if (!accessToken) throw unexpectedReplyError(label, requestId, 'a token reply without access_token');
  return {
    accessToken,
    accessTokenExpireIn: int('access_token_expire_in') ?? 0,
    refreshToken,
    refreshTokenExpireIn: int('refresh_token_expire_in'),
    openId: str('open_id'),
    sellerName: str('seller_name'),
    sellerBaseRegion: str('seller_base_region'),
    userType: int('user_type'),
    grantedScopes: Array.isArray(d.granted_scopes) ? d.granted_scopes.filter((s): s is string => typeof s === 'string') : [],
  };
}
