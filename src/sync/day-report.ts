import { DateTime } from 'luxon';
import type { ReportSpan, ShopSyncContext } from './context.js';
import type { DayReportRead, FamilyDecl, Json } from './declaration.js';
import { PageTrail } from './page-checks.js';

/**
 * Reads a report by days of the shop's calendar. A day is a date, YYYY-MM-DD, as the API takes it; its bookmark is
 * that date's 00:00 UTC in Unix seconds (a label for the date, not an instant of the shop's day), so a bookmark
 * read back names the same date whatever the shop's zone. The bookmark is the last day whose rows were all
 * written; the next run starts `lookback` days before the day after it, because the source revises recent days.
 */

const DAY = 86_400;

/** A date as its bookmark value (00:00 UTC of that date). */
export const daySeconds = (day: string): number => Date.parse(`${day}T00:00:00Z`) / 1000;
/** A bookmark value as its date. */
export const dayOf = (seconds: number): string => new Date(Math.floor(seconds / DAY) * DAY * 1000).toISOString().slice(0, 10);
const addDays = (day: string, n: number): string => dayOf(daySeconds(day) + n * DAY);
const minDay = (a: string, b: string): string => (a < b ? a : b);
const maxDay = (a: string, b: string): string => (a > b ? a : b);

/** The date an instant falls on in a time zone. */
export function dateIn(zone: string, seconds: number): string {
  return DateTime.fromSeconds(seconds, { zone }).toISODate() ?? dayOf(seconds);
}

export interface DayPlan {
  /** Inclusive dates. */
  first: string;
  last: string;
}

/**
 * The days a run reads: from the day after the bookmark less `lookbackDays` (or, on a first run, start_date's date
 * but no more than `historyDays` back), never before start_date's date; up to yesterday in the shop's zone (today
 * is not over), the day before end_date and `latest` (the source's latest_available_date, when known). Undefined
 * when that leaves nothing.
 */
export function planDays(span: ReportSpan, zone: string, lookbackDays: number, historyDays: number, latest?: string): DayPlan | undefined {
  const startDay = dateIn(zone, span.startDate);
  let last = addDays(dateIn(zone, span.syncStart), -1);
  if (span.endDate !== undefined) last = minDay(last, dateIn(zone, span.endDate - 1));
  if (latest !== undefined) last = minDay(last, latest);
  const first =
    span.bookmark === undefined
      ? maxDay(startDay, addDays(last, -(historyDays - 1)))
      : maxDay(startDay, addDays(dayOf(span.bookmark), 1 - lookbackDays));
  return first <= last ? { first, last } : undefined;
}

/** `latest_available_date` of a reply, when it is a date. */
function latestAvailable(data: Json): string | undefined {
  const value = data.latest_available_date;
  return typeof value === 'string' && /^\d{4}-\d\d-\d\d$/.test(value) ? value : undefined;
}

/** latest_available_date as a one-day call for the last day a run could read says it (no rows are written). */
async function probeLatest(ctx: ShopSyncContext, root: string, read: DayReportRead, span: ReportSpan, zone: string): Promise<string | undefined> {
  const day = planDays({ ...span, bookmark: undefined }, zone, 0, 1)?.last;
  if (day === undefined) return undefined;
  const { data } = await ctx.api.request<Json>({
    method: 'GET',
    path: read.endpoint.path,
    endpoint: read.endpoint.name,
    shop: ctx.shop,
    tags: ctx.tags(root),
    query: { ...read.query, start_date_ge: day, end_date_lt: addDays(day, 1), ...(read.pageSize ? { page_size: 1 } : {}) },
  });
  return latestAvailable(data);
}

export async function runDayReport(ctx: ShopSyncContext, family: FamilyDecl, read: DayReportRead): Promise<void> {
  const { root } = family;
  const zone = read.timeZone(ctx.shop.region);
  const lookbackDays = read.lookback.days(ctx.config);
  const span = ctx.reportSpan(root);
  // A first run counts its history back from the last day the source has, not from yesterday: a shop whose data
  // stops earlier (or a source behind the clock) still gets its last historyDays. One call for yesterday says which.
  const latest = span.bookmark === undefined ? await probeLatest(ctx, root, read, span, zone) : undefined;
  const plan = planDays(span, zone, lookbackDays, read.historyDays(ctx.config), latest);
  ctx.logger.info(
    `${root}: ` +
      (span.bookmark === undefined ? 'starting from start_date' : `bookmark ${dayOf(span.bookmark)}, the last ${lookbackDays} day(s) read again (${read.lookback.setting})`) +
      (plan ? `, reading days ${plan.first} to ${plan.last} (${zone})` : ', nothing new to read'),
    { stream: root },
  );
  if (!plan) return;
  const tags = ctx.tags(root);
  const output = ctx.outputs[root]!;
  /** latest_available_date as the last call said it: a day past it is not asked for. */
  let knownLatest: string | undefined;
  for (let from = plan.first; from <= plan.last; ) {
    if (knownLatest !== undefined && from > knownLatest) {
      ctx.logger.info(`${root}: TikTok has data up to ${knownLatest} (latest_available_date); later days are left to the next run`, { stream: root });
      return;
    }
    const to = minDay(addDays(from, read.daysPerCall - 1), plan.last);
    const trail = new PageTrail(read.endpoint.name);
    let pageToken: string | undefined;
    /** The smallest latest_available_date of this call's pages: no row past it is written, no bookmark set past it. */
    let ready: string | undefined;
    for (;;) {
      const { data, requestId } = await ctx.api.request<Json>({
        method: 'GET',
        path: read.endpoint.path,
        endpoint: read.endpoint.name,
        shop: ctx.shop,
        tags,
        query: {
          ...read.query,
          start_date_ge: from,
          end_date_lt: addDays(to, 1),
          ...(read.pageSize ? { page_size: read.pageSize(ctx.config), page_token: pageToken } : {}),
        },
      });
      ctx.pageRead();
      const latest = latestAvailable(data);
      if (latest !== undefined) ready = ready === undefined ? latest : minDay(ready, latest);
      const extracted = ctx.now();
      const rows = read.rows(data, from);
      for (const { day, item } of rows) {
        if (day < from || day > to || (ready !== undefined && day > ready)) continue;
        output.write(family.records(item, ctx.shop.id, undefined).record, ctx.shop.id, extracted);
      }
      const next = read.pageSize && typeof data.next_page_token === 'string' ? data.next_page_token : '';
      if (!next) break;
      trail.follow(next, rows.length > 0, requestId);
      pageToken = next;
    }
    const done = ready === undefined ? to : minDay(to, ready);
    if (done >= from) ctx.advance(root, daySeconds(done));
    await ctx.checkpoint();
    if (ctx.stopping()) return;
    knownLatest = ready;
    from = addDays(to, 1);
  }
}
