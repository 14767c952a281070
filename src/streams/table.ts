import { StreamSet } from '../singer/stream-set.js';
import type { FamilyDecl, StreamDecl, TapDeclarations } from '../sync/declaration.js';
import { LIVE_PERFORMANCE_FAMILY, LIVE_PERFORMANCE_STREAMS, VIDEO_PERFORMANCE_FAMILY, VIDEO_PERFORMANCE_STREAMS } from './analytics-content.js';
import { PRODUCT_PERFORMANCE_FAMILY, PRODUCT_PERFORMANCE_STREAMS, SKU_PERFORMANCE_FAMILY, SKU_PERFORMANCE_STREAMS } from './analytics-products.js';
import { SHOP_PERFORMANCE_FAMILY, SHOP_PERFORMANCE_STREAMS } from './analytics-shop.js';
import { CANCELLATIONS_FAMILY, CANCELLATION_STREAMS } from './cancellations.js';
import { ORDERS_FAMILY, ORDER_STREAMS } from './orders.js';
import { PACKAGES_FAMILY, PACKAGE_STREAMS } from './packages.js';
import { PAYMENTS_FAMILY, PAYMENT_STREAMS } from './payments.js';
import { PRODUCTS_FAMILY, PRODUCT_STREAMS } from './products.js';
import { RETURNS_FAMILY, RETURN_STREAMS } from './returns.js';
import { SHOPS_FAMILY, SHOP_STREAMS } from './shops.js';
import { STATEMENTS_FAMILY, STATEMENT_STREAMS } from './statements.js';
import { UNSETTLED_FAMILY, UNSETTLED_STREAMS } from './unsettled.js';
import { WITHDRAWALS_FAMILY, WITHDRAWAL_STREAMS } from './withdrawals.js';
// catalog streams: inventory, affiliate orders
import { AFFILIATE_ORDERS_FAMILY, AFFILIATE_ORDER_STREAMS } from './affiliate-orders.js';
import { INVENTORY_FAMILY, INVENTORY_STREAMS } from './inventory.js';

/**
 * The tap's streams and families, gathered from their declarations (one file per family). Everything else
 * (discovery metadata, SCHEMA messages, README's streams table, the sync) is derived from these and from
 * schemas/<stream>.json. Families sync in this order within a shop.
 */
const DECLARED: StreamDecl[] = [
  ...SHOP_STREAMS,
  ...ORDER_STREAMS,
  ...RETURN_STREAMS,
  ...CANCELLATION_STREAMS,
  ...PACKAGE_STREAMS,
  ...PRODUCT_STREAMS,
  ...STATEMENT_STREAMS,
  ...UNSETTLED_STREAMS,
  ...PAYMENT_STREAMS,
  ...WITHDRAWAL_STREAMS,
  // analytics (reports by day)
  ...SHOP_PERFORMANCE_STREAMS,
  ...PRODUCT_PERFORMANCE_STREAMS,
  ...SKU_PERFORMANCE_STREAMS,
  ...VIDEO_PERFORMANCE_STREAMS,
  ...LIVE_PERFORMANCE_STREAMS,
  // end of analytics
  // catalog streams: inventory, affiliate orders
  ...INVENTORY_STREAMS,
  ...AFFILIATE_ORDER_STREAMS,
];

export const FAMILIES: readonly FamilyDecl[] = [
  SHOPS_FAMILY,
  ORDERS_FAMILY,
  RETURNS_FAMILY,
  CANCELLATIONS_FAMILY,
  PACKAGES_FAMILY,
  PRODUCTS_FAMILY,
  STATEMENTS_FAMILY,
  UNSETTLED_FAMILY,
  PAYMENTS_FAMILY,
  WITHDRAWALS_FAMILY,
  // analytics (reports by day)
  SHOP_PERFORMANCE_FAMILY,
  PRODUCT_PERFORMANCE_FAMILY,
  SKU_PERFORMANCE_FAMILY,
  VIDEO_PERFORMANCE_FAMILY,
  LIVE_PERFORMANCE_FAMILY,
  // end of analytics
  // catalog streams: inventory, affiliate orders
  INVENTORY_FAMILY,
  AFFILIATE_ORDERS_FAMILY,
];

export const TAP_STREAMS = new StreamSet<StreamDecl>(DECLARED);

/** What the sync engine runs for this tap: `new SyncRun(TAP_DECLARATIONS, options)` (src/sync/run.ts). */
export const TAP_DECLARATIONS: TapDeclarations = { streams: TAP_STREAMS, families: FAMILIES };

export const STREAM_NAMES: readonly string[] = TAP_STREAMS.names;

export type StreamName = string;

export type StreamDef = StreamDecl;

/** The declarations by name (for docs and tests). */
export const STREAMS: Readonly<Record<string, StreamDecl>> = Object.fromEntries(DECLARED.map((def) => [def.name, def]));

/** Streams whose records derive from `root` (itself included), walking the parent chain. */
export function familyOf(root: string): string[] {
  return TAP_STREAMS.familyOf(root);
}
