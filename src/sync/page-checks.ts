import { TapError, EXIT } from '../errors.js';

/** Checks shared by the paged searches: a reply whose item list is not a list, and a page token that repeats. */

export function pageItems<T>(data: Record<string, unknown>, itemsKey: string, endpoint: string, requestId: string): T[] {
  const raw = data[itemsKey] ?? [];
  if (!Array.isArray(raw)) {
    throw new TapError('API_REPLY_INVALID', `${endpoint}: "${itemsKey}" in the reply is not a list (request_id ${requestId})`, {
      hint: 'the API changed its reply; report it with the request_id',
      exitCode: EXIT.API,
    });
  }
  return raw as T[];
}

/** Records `token` as followed; throws if it was followed before, since following it again would loop forever. */
export function followOnce(seenTokens: Set<string>, token: string, endpoint: string, requestId: string): void {
  if (seenTokens.has(token)) {
    throw new TapError('API_PAGE_TOKEN_REPEATED', `${endpoint}: the API returned the same page token twice (request_id ${requestId})`, {
      hint: 'following it would loop forever, so the tap stopped; report it to TikTok with the request_id',
      exitCode: EXIT.API,
    });
  }
  seenTokens.add(token);
}
