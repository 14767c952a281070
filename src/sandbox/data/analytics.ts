/**
 * The sandbox's analytics (docs/tiktok-shop-api.md §10): per shop and day of its calendar, the shop's totals and the
 * rows of the product, SKU, video and LIVE lists, made from the seed (nothing is stored). Days run from the start
 * clock less `days` up to `latest_available_date`, the day before the sandbox clock's day in the shop's zone. A
 * day's numbers are revised while it is among the last REVISED_DAYS before the clock, so an advance changes them
 * (TikTok revises recent days, §10.1). SKU and product ids of the SKU list are JSON integers of 19 digits, as the SDK
 * types them.
 */
import { DateTime } from 'luxon';
import type { DataContext } from './generation.js';
import type { ShopState } from './state.js';
import { hashString } from '../random.js';

const DAY = 86_400;
/** Days before the clock's day whose numbers still change. */
export const REVISED_DAYS = 3;

/** Each market's zone ("shop registered timezone"). */
const ZONES: Readonly<Record<string, string>> = {
  US: 'America/Los_Angeles', GB: 'Europe/London', ID: 'Asia/Jakarta', MY: 'Asia/Kuala_Lumpur', TH: 'Asia/Bangkok',
  VN: 'Asia/Ho_Chi_Minh', SG: 'Asia/Singapore', PH: 'Asia/Manila',
};

const dateIn = (zone: string, seconds: number): string => DateTime.fromSeconds(seconds, { zone }).toISODate() ?? '';
export const daySeconds = (day: string): number => Date.parse(`${day}T00:00:00Z`) / 1000;
const dayOf = (seconds: number): string => new Date(seconds * 1000).toISOString().slice(0, 10);

/** The shop's analytics days: the first with data and the latest available one (inclusive dates). */
export function analyticsDays(gen: DataContext, shop: ShopState, clock: number): { first: string; latest: string } {
  const zone = ZONES[shop.market.region] ?? 'UTC';
  return { first: dateIn(zone, gen.opts.now - gen.opts.days * DAY), latest: dayOf(daySeconds(dateIn(zone, clock)) - DAY) };
}

/** The days of [ge, lt) (UTC-midnight seconds of dates) the shop has data for. */
export function daysWithData(gen: DataContext, shop: ShopState, clock: number, ge: number | undefined, lt: number | undefined): string[] {
  const { first, latest } = analyticsDays(gen, shop, clock);
  const out: string[] = [];
  const from = Math.max(ge ?? daySeconds(first), daySeconds(first));
  const to = Math.min(lt ?? daySeconds(latest) + DAY, daySeconds(latest) + DAY);
  for (let t = from; t < to; t += DAY) out.push(dayOf(t));
  return out;
}

/** A deterministic number in [0, n) for what `parts` name. */
const pick = (gen: DataContext, n: number, ...parts: Array<string | number>): number => hashString(`${gen.seed}|${parts.join('|')}`) % n;

/** How much a day's numbers are raised while TikTok still revises it: more the closer to the clock. */
function revision(day: string, clock: number, shop: ShopState): number {
  const zone = ZONES[shop.market.region] ?? 'UTC';
  const age = Math.round((daySeconds(dateIn(zone, clock)) - daySeconds(day)) / DAY);
  return Math.max(0, REVISED_DAYS + 1 - age);
}

const money = (shop: ShopState, minor: number): string => {
  const d = shop.market.decimals;
  return d === 0 ? String(minor) : `${Math.floor(minor / 10 ** d)}.${String(minor % 10 ** d).padStart(d, '0')}`;
};
const moneyJson = (shop: ShopState, minor: number) => ({ amount: money(shop, minor), currency: shop.market.currency });

/** Get Shop Performance's interval of one day (§10.2); gross revenue breakdowns are not applicable in US shops. */
export function shopInterval(gen: DataContext, shop: ShopState, clock: number, day: string): Record<string, unknown> {
  const r = revision(day, clock, shop);
  const orders = 5 + pick(gen, 40, shop.info.id, day, 'orders') + r;
  const gmv = orders * (1500 + pick(gen, 3000, shop.info.id, day, 'aov'));
  const video = Math.floor(gmv * 0.3);
  const live = Math.floor(gmv * 0.2);
  const us = shop.market.region === 'US';
  return {
    start_date: day,
    end_date: dayOf(daySeconds(day) + DAY),
    sales: {
      gmv: {
        overall: moneyJson(shop, gmv),
        breakdowns: [
          { type: 'VIDEO', gmv: moneyJson(shop, video) },
          { type: 'LIVE', gmv: moneyJson(shop, live) },
          { type: 'PRODUCT_CARD', gmv: moneyJson(shop, gmv - video - live) },
        ],
      },
      gross_revenue: { overall: moneyJson(shop, Math.floor(gmv * 0.95)), ...(us ? {} : { breakdowns: [{ type: 'GMV_MAX', percentage: '0.25' }, { type: 'NON_GMV_MAX', percentage: '0.75' }] }) },
      orders_count: orders,
      items_sold: orders + pick(gen, 10, shop.info.id, day, 'items'),
      sku_orders_count: orders,
      avg_customers_count: orders - 1,
      refunds: moneyJson(shop, pick(gen, 500, shop.info.id, day, 'refunds')),
    },
    traffic: { avg_page_views: orders * 20, avg_visitors: orders * 8, avg_conversation_rate: '0.05' },
  };
}

/** The shop's products with sales on a day (about one in four). */
const productsOf = (gen: DataContext, shop: ShopState, day: string) => shop.products.filter((p) => pick(gen, 4, shop.info.id, day, p.j) === 0);

/** Product list rows of a day, as JSON text (§10.3). */
export function productRows(gen: DataContext, shop: ShopState, clock: number, day: string): string[] {
  const r = revision(day, clock, shop);
  return productsOf(gen, shop, day).map((p) => {
    const items = 1 + pick(gen, 5, shop.info.id, day, p.j, 'n') + r;
    return JSON.stringify({ id: p.data.id, overall_performance: { gmv: moneyJson(shop, items * 1999), items_sold: items, orders: items } });
  });
}

/** SKU list rows of a day, as JSON text with `id` and `product_id` as bare 19-digit integers (§10.4). */
export function skuRows(gen: DataContext, shop: ShopState, clock: number, day: string): string[] {
  const r = revision(day, clock, shop);
  return productsOf(gen, shop, day).flatMap((p) =>
    p.data.skus.map((sku, k) => {
      const units = 1 + pick(gen, 3, shop.info.id, day, p.j, k) + r;
      return `{"id":${sku.id},"product_id":${p.data.id},"gmv":${JSON.stringify(moneyJson(shop, units * 1999))},"sku_orders":${units},"units_sold":${units}}`;
    }),
  );
}

/** Video list rows of a day: 0-2 videos (§10.5). */
export function videoRows(gen: DataContext, shop: ShopState, clock: number, day: string): string[] {
  const r = revision(day, clock, shop);
  const n = pick(gen, 3, shop.info.id, day, 'videos');
  return Array.from({ length: n }, (_, k) =>
    JSON.stringify({
      id: `73${String(shop.idx).padStart(2, '0')}${day.replace(/-/g, '')}${k}${String(pick(gen, 1e6, shop.info.id, day, k)).padStart(6, '0')}`,
      title: `Video ${day} #${k}`,
      username: `creator${k}`,
      video_post_time: `${day}T10:00:00Z`,
      duration: 30 + k,
      hash_tags: ['sandbox'],
      products: [],
      views: 100 * (k + 1) + r,
      click_through_rate: '0.0528',
      avg_customers: 2 + r,
      items_sold: 3 + r,
      sku_orders: 3 + r,
      gmv: moneyJson(shop, (3 + r) * 1999),
      gpm: moneyJson(shop, 5000),
    }),
  );
}

/** LIVE list rows of a day: a session on one day in three (§10.6). */
export function liveRows(gen: DataContext, shop: ShopState, clock: number, day: string): string[] {
  if (pick(gen, 3, shop.info.id, day, 'live') !== 0) return [];
  const r = revision(day, clock, shop);
  const start = daySeconds(day) + 18 * 3600;
  return [
    JSON.stringify({
      id: `74${String(shop.idx).padStart(2, '0')}${day.replace(/-/g, '')}${String(pick(gen, 1e7, shop.info.id, day)).padStart(7, '0')}`,
      title: `LIVE ${day}`,
      username: 'shop_official',
      start_time: String(start),
      end_time: String(start + 3600),
      sales_performance: { gmv: moneyJson(shop, (10 + r) * 1999), items_sold: 10 + r, sku_orders: 9 + r, customers: 8 },
      interaction_performance: { views: 1000 + r, viewers: 700, likes: 50, comments: 12 },
    }),
  ];
}
