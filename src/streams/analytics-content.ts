import type { LivePerformanceRecord, VideoPerformanceRecord } from '../generated/records.js';
import type { FamilyDecl, Json } from '../sync/declaration.js';
import { ENDPOINTS } from '../tiktok/endpoints.js';
import { ANALYTICS_GRANT, amountOf, analyticsRead, currencyOf, idString, isObject, listRows, stringOrNull } from './analytics.js';
import { asRecord } from './as-record.js';
import { declareStream } from './declare.js';

/** A video's row of one day (§10.5). */
export function videoPerformanceRecord(item: Json, shopId: string): VideoPerformanceRecord {
  return asRecord<VideoPerformanceRecord>({
    ...item,
    id: idString(item.id),
    shop_id: shopId,
    gmv: amountOf(item.gmv),
    currency: currencyOf(item.gmv, item.gpm),
    gpm: amountOf(item.gpm),
  });
}

/** LIVE start and end times are Unix seconds sent as strings (§10.6): integers, so they are written like every time. */
function unixSeconds(value: unknown): number | null {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  return typeof value === 'string' && /^\d{1,12}$/.test(value) ? Number(value) : null;
}

/** A LIVE session's row of one day (§10.6): its GMV as a column, the two metric groups kept as sent. */
export function livePerformanceRecord(item: Json, shopId: string): LivePerformanceRecord {
  const sales = isObject(item.sales_performance) ? item.sales_performance : undefined;
  return asRecord<LivePerformanceRecord>({
    ...item,
    id: idString(item.id),
    shop_id: shopId,
    title: stringOrNull(item.title),
    start_time: unixSeconds(item.start_time),
    end_time: unixSeconds(item.end_time),
    gmv: amountOf(sales?.gmv),
    currency: currencyOf(sales?.gmv),
    sales_performance: sales ?? null,
    interaction_performance: isObject(item.interaction_performance) ? item.interaction_performance : null,
  });
}

export const VIDEO_PERFORMANCE_STREAMS = [
  declareStream('video_performance', ['id', 'date'], { incremental: 'date' }, 'Get Shop Video Performance List (analytics 202509), one-day windows; the last analytics_lookback_days are read again'),
];

export const LIVE_PERFORMANCE_STREAMS = [
  declareStream('live_performance', ['id', 'date'], { incremental: 'date' }, 'Get Shop LIVE Performance List (analytics 202509), one-day windows; the last analytics_lookback_days are read again'),
];

export const VIDEO_PERFORMANCE_FAMILY: FamilyDecl = {
  root: 'video_performance',
  read: analyticsRead(ENDPOINTS.shopVideoPerformance, { daysPerCall: 1, rows: listRows('videos') }),
  records: (item, shopId) => ({ record: videoPerformanceRecord(item, shopId) }),
  grant: ANALYTICS_GRANT,
};

export const LIVE_PERFORMANCE_FAMILY: FamilyDecl = {
  root: 'live_performance',
  read: analyticsRead(ENDPOINTS.shopLivePerformance, { daysPerCall: 1, rows: listRows('live_stream_sessions') }),
  records: (item, shopId) => ({ record: livePerformanceRecord(item, shopId) }),
  grant: ANALYTICS_GRANT,
};
