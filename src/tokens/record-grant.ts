import type { TokenSet } from '../tiktok/tokens.js';
import type { GrantStore } from './grant-store.js';
import { recordTokens } from './store.js';

export interface RecordGrantOptions {
  /** The refresh token these tokens replace, if any (a refresh); absent for a new authorization. */
  usedRefreshToken?: string;
  /** The refresh token the config holds or will hold, recorded so that config is recognised as older. */
  configRefreshToken?: string;
}

/**
 * Saves new tokens for one app and seller in any token store, under its lock: what `authorize` needs to write what
 * `GET /api/v2/token/get` returned (docs/tiktok-shop-api.md §1.1). Pass `openId` in `tokens` so that a
 * re-authorization replaces that seller's grant and leaves the other sellers' grants as they are.
 */
export function recordGrant(store: GrantStore, appKey: string, tokens: TokenSet, options: RecordGrantOptions = {}): Promise<void> {
  return store.locked(appKey, async (locked) => {
    const nowSec = Math.floor(Date.now() / 1000);
    await locked.write(recordTokens(await locked.read(), appKey, tokens, { usedRefreshToken: options.usedRefreshToken, configRefreshToken: options.configRefreshToken, nowSec }));
  });
}
