import type { TapConfig } from '../settings.js';
import type { DayReportRead, Grant, Json } from '../sync/declaration.js';
import type { EndpointSpec } from '../tiktok/endpoints.js';
import { pageSizeFor } from '../tiktok/endpoints.js';

/**
 * What the analytics families (shop, product, SKU, video and LIVE performance) share: the scope, the days read
 * again, the shop's time zone, and how their replies' money and ids become record columns.
 */

const ANALYTICS_STREAMS = 'shop_performance, product_performance, sku_performance, video_performance and live_performance';

/** The analytics endpoints need data.shop_analytics.public.read (docs/tiktok-shop-api.md §10.1); without it, 105005. */
export const ANALYTICS_GRANT: Grant = {
  scope: 'the analytics scope (data.shop_analytics.public.read)',
  fix:
    'add the TikTok Shop Analytics scope to the app in Partner Center, then have the seller authorize the app again (tap-tiktok-shop authorize): ' +
    `a grant only carries the scopes the app had when the seller approved it — or deselect ${ANALYTICS_STREAMS}`,
};

/**
 * The zone TikTok counts a shop's days in ("shop registered timezone", §10.1), by the region Get Authorized Shops
 * gives. The reference names no zone per region; these are each market's main zone (the US one: Pacific, which
 * Seller Center's US reports use). A region not listed counts in UTC: the reply's latest_available_date still
 * keeps the tap from reading a day TikTok has not closed, so a wrong zone can only delay a day to the next run.
 */
const ZONES: Readonly<Record<string, string>> = {
  US: 'America/Los_Angeles',
  GB: 'Europe/London',
  UK: 'Europe/London',
  IE: 'Europe/Dublin',
  DE: 'Europe/Berlin',
  FR: 'Europe/Paris',
  IT: 'Europe/Rome',
  ES: 'Europe/Madrid',
  MX: 'America/Mexico_City',
  BR: 'America/Sao_Paulo',
  JP: 'Asia/Tokyo',
  ID: 'Asia/Jakarta',
  MY: 'Asia/Kuala_Lumpur',
  TH: 'Asia/Bangkok',
  VN: 'Asia/Ho_Chi_Minh',
  PH: 'Asia/Manila',
  SG: 'Asia/Singapore',
};

export function shopTimeZone(region: string | undefined): string {
  return (region && ZONES[region.toUpperCase()]) || 'UTC';
}

/** Every day of the last analytics_lookback_days is read again: TikTok revises recent days (§10.1). */
const ANALYTICS_LOOKBACK: DayReportRead['lookback'] = { setting: 'analytics_lookback_days', days: (config) => config.analytics_lookback_days };

/** What every analytics read shares: amounts in the shop's currency, the days read again, the first run's depth. */
export function analyticsRead(
  endpoint: EndpointSpec,
  rest: Pick<DayReportRead, 'daysPerCall' | 'rows'> & { query?: Record<string, string> },
): DayReportRead {
  return {
    kind: 'day-report',
    endpoint,
    query: { currency: 'LOCAL', ...rest.query },
    ...(endpoint.pageSize ? { pageSize: (config: TapConfig) => pageSizeFor(endpoint, config.page_size) } : {}),
    daysPerCall: rest.daysPerCall,
    rows: rest.rows,
    timeZone: shopTimeZone,
    lookback: ANALYTICS_LOOKBACK,
    historyDays: (config) => config.analytics_history_days,
  };
}

/**
 * A day (YYYY-MM-DD of the shop's calendar) as the records' `date`: 00:00 UTC of that date in Unix seconds, so it is
 * written like every time of the tap (an RFC 3339 string by default) and its date part is the shop's day.
 */
export const dateValue = (day: string): number => Date.parse(`${day}T00:00:00Z`) / 1000;

/** The rows of a one-day list reply: every item of `key`, on the call's day. */
export function listRows(key: string): DayReportRead['rows'] {
  return (data, day) => {
    const items = data[key];
    return Array.isArray(items) ? items.filter(isObject).map((item) => ({ day, item: { ...item, date: dateValue(day) } })) : [];
  };
}

export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `object.amount` of a {amount, currency} money object, or null when TikTok sent none (not applicable). */
export function amountOf(value: unknown): string | null {
  return isObject(value) && typeof value.amount === 'string' ? value.amount : null;
}

/** `object.currency` of the first money object that has one. */
export function currencyOf(...values: unknown[]): string | null {
  for (const value of values) if (isObject(value) && typeof value.currency === 'string') return value.currency;
  return null;
}

/** An id as a string (a JSON integer short enough to survive parsing arrives as a number); null when absent. */
export function idString(value: unknown): string | null {
  return typeof value === 'string' ? value : typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : null;
}

/** A list that may be absent ("not applicable" for the market) as the list or null. */
export const listOrNull = (value: unknown): unknown[] | null => (Array.isArray(value) && value.length > 0 ? value : null);

/** A number or null. */
export const numberOrNull = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** A string or null. */
export const stringOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);
