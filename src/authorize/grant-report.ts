import type { Logger } from '../log.js';
import { scopeOfStream } from '../streams/scopes.js';
import { FAMILIES, familyOf } from '../streams/table.js';
import type { AuthorizedGrant } from './exchange.js';

/** docs/tiktok-shop-api.md §1.3: `user_type` 0 seller, 1 creator, 3 partner. */
const USER_TYPES: Record<number, string> = { 0: 'seller', 1: 'creator', 3: 'partner' };

export function userTypeName(userType: number | undefined): string {
  return userType === undefined ? 'unknown' : `${USER_TYPES[userType] ?? 'unknown'} (user_type ${userType})`;
}

/** Streams that a grant's scopes cover, and those each missing scope leaves out. */
export function scopeCoverage(granted: readonly string[]): { covered: string[]; missing: Map<string, string[]> } {
  const have = new Set(granted);
  const covered: string[] = [];
  const missing = new Map<string, string[]>();
  for (const family of FAMILIES) {
    for (const stream of familyOf(family.root)) {
      const scope = scopeOfStream(stream, family.root);
      if (scope === undefined || have.has(scope)) covered.push(stream);
      else missing.set(scope, [...(missing.get(scope) ?? []), stream]);
    }
  }
  return { covered, missing };
}

/**
 * What the grant allows, said right after the exchange: who granted it, its scopes and the streams they cover, and
 * a warning per missing scope, so a missing scope shows now rather than as 105005 in the middle of a sync.
 */
export function reportGrant(grant: AuthorizedGrant, say: (line: string) => void, logger: Logger): void {
  if (grant.userType !== undefined && grant.userType !== 0) {
    logger.warn(`this is a ${userTypeName(grant.userType)} token, not a seller one: the shop endpoints will refuse it - have the seller account approve the app`);
  }
  if (grant.grantedScopes.length === 0) {
    say('the token reply lists no granted_scopes (older replies leave it out), so the streams were not checked against scopes');
    return;
  }
  say(`granted scopes: ${[...grant.grantedScopes].sort().join(', ')}`);
  const { covered, missing } = scopeCoverage(grant.grantedScopes);
  say(`streams these scopes cover: ${covered.length > 0 ? covered.join(', ') : 'none'}`);
  for (const [scope, streams] of missing) {
    logger.warn(`missing scope ${scope}: ${streams.join(', ')} will fail (105005) - add the scope to the app in Partner Center, then have the seller authorize again, or deselect these streams`);
  }
}
