import { TapError, EXIT } from '../errors.js';

/**
 * Checks shared by the paged searches, so a reply that lies is named instead of taken at its word: an item list
 * that is not a list (or is missing while total_count promises rows), a page token that repeats, pages that keep
 * offering a next token but bring nothing, and times that are not Unix seconds.
 */

const REPORT = 'the API changed its reply; report it with the request_id';

function replyInvalid(message: string, hint = REPORT): TapError {
  return new TapError('API_REPLY_INVALID', message, { hint, exitCode: EXIT.API });
}

export function pageItems<T>(data: Record<string, unknown>, itemsKey: string, endpoint: string, requestId: string): T[] {
  const raw = data[itemsKey];
  if (raw === undefined || raw === null) {
    // An absent list is an empty page only when the reply does not itself count rows.
    const total = data.total_count;
    if (typeof total === 'number' && total > 0) {
      throw replyInvalid(`${endpoint}: the reply has no "${itemsKey}" list although its total_count is ${total} (request_id ${requestId})`);
    }
    return [];
  }
  if (!Array.isArray(raw)) {
    throw replyInvalid(`${endpoint}: "${itemsKey}" in the reply is not a list (request_id ${requestId})`);
  }
  return raw as T[];
}

/** 3000-01-01T00:00:00Z in Unix seconds: a larger "second" is a millisecond (or microsecond) value. */
export const MAX_PLAUSIBLE_SECONDS = 32_503_680_000;

/**
 * A time the engine reads for a bookmark must be Unix seconds (§5: times are int Unix s). A millisecond value is
 * always past the window's end, so it would never move the bookmark and never raise anything.
 */
export function checkSeconds(value: number, field: string, endpoint: string, requestId: string): void {
  if (Math.abs(value) > MAX_PLAUSIBLE_SECONDS) {
    throw replyInvalid(
      `${endpoint}: ${field} ${value} is not in Unix seconds (after the year 3000; milliseconds?) (request_id ${requestId})`,
      'the API changed its time unit; report it with the request_id — the bookmark cannot move on such times',
    );
  }
}

/** total_count of a reply: undefined when absent; anything but a non-negative integer is a reply the tap cannot use. */
export function totalCount(data: Record<string, unknown>, endpoint: string, requestId: string): number | undefined {
  const total = data.total_count;
  if (total === undefined || total === null) return undefined;
  if (typeof total !== 'number' || !Number.isInteger(total) || total < 0) {
    throw replyInvalid(`${endpoint}: total_count ${JSON.stringify(total)} is not a count (request_id ${requestId})`);
  }
  return total;
}

/**
 * Pages that keep bringing "new" rows past the count the reply promised (one new row per page while total_count
 * says 3) would otherwise be followed for ever: the distinct rows of one pass may not exceed its total_count, plus
 * `slack` where rows may legitimately join the set while it is read.
 */
export function checkWithinTotal(distinct: number, total: number | undefined, endpoint: string, requestId: string, slack = 0): void {
  if (total === undefined || distinct <= total + slack) return;
  throw new TapError(
    'API_ROWS_EXCEED_TOTAL',
    `${endpoint}: the pages brought ${distinct} distinct rows although total_count promised ${total} (request_id ${requestId})`,
    { hint: 'the API pages without end or miscounts; the tap stopped instead of following it — report it to TikTok with the request_id', exitCode: EXIT.API },
  );
}

/** Consecutive pages that bring nothing new yet offer another page token before the tap stops following them. */
export const MAX_IDLE_PAGES = 10;

/**
 * The page tokens one scan has followed. A token seen before would loop forever; so would an API that hands out a
 * fresh token with every empty page. Both stop the scan with one line naming the endpoint.
 */
export class PageTrail {
  private readonly tokens = new Set<string>();
  private idle = 0;

  constructor(private readonly endpoint: string, private readonly maxIdlePages = MAX_IDLE_PAGES) {}

  /** Records `token` as followed; `brought` says whether the page that offered it had anything new. */
  follow(token: string, brought: boolean, requestId: string): void {
    if (this.tokens.has(token)) {
      throw new TapError('API_PAGE_TOKEN_REPEATED', `${this.endpoint}: the API returned the same page token twice (request_id ${requestId})`, {
        hint: 'following it would loop forever, so the tap stopped; report it to TikTok with the request_id',
        exitCode: EXIT.API,
      });
    }
    this.tokens.add(token);
    this.idle = brought ? 0 : this.idle + 1;
    if (this.idle >= this.maxIdlePages) {
      throw new TapError(
        'API_PAGES_EMPTY',
        `${this.endpoint}: ${this.idle} pages in a row brought no new rows, each with another next_page_token (request_id ${requestId})`,
        { hint: 'the API seems to page without end; the tap stopped instead of following it — report it to TikTok with the request_id', exitCode: EXIT.API },
      );
    }
  }

  /** A new scan (keyset restart, re-read pass): tokens of the old one mean nothing there. */
  reset(): void {
    this.tokens.clear();
    this.idle = 0;
  }
}
