import type { ShopRef } from '../sync/declaration.js';
import { ApiError } from '../tiktok/errors.js';

/**
 * The region and code facts of the finance streams, each in one place (docs/tiktok-shop-api.md §9.10): where data
 * starts, which markets are not offered an endpoint, and which code means "no such merchant here".
 */

const utcDay = (date: string): number => Date.parse(`${date}T00:00:00Z`) / 1000;

/** Get Statement Transactions has data from 2023-07-01 on (§9.10). */
export const STATEMENT_DATA_FROM = utcDay('2023-07-01');
/** ... and for US cross-border shops from 2025-04-30 on (§9.10). */
export const US_CROSS_BORDER_STATEMENT_DATA_FROM = utcDay('2025-04-30');
/** Get Unsettled Transactions returns transactions created from 2025-01-01 on (§9.8). */
export const UNSETTLED_DATA_FROM = utcDay('2025-01-01');
/** Get Payments is "unavailable to SEA markets" (§9.10); the South-East Asian markets TikTok Shop runs in. */
export const PAYMENTS_NOT_OFFERED_IN: readonly string[] = ['ID', 'MY', 'PH', 'SG', 'TH', 'VN'];
/** Get Withdrawals: "given merchant does not exist" (§9.10). */
export const MERCHANT_NOT_FOUND = 22005007;

/** The first second a shop's statement transactions can be read, and why. */
export function statementDataFloor(shop: ShopRef): { seconds: number; why: string } {
  if (shop.region === 'US' && shop.sellerType === 'CROSS_BORDER') {
    return { seconds: US_CROSS_BORDER_STATEMENT_DATA_FROM, why: 'TikTok serves statement transactions of US cross-border shops from 2025-04-30 on' };
  }
  return { seconds: STATEMENT_DATA_FROM, why: 'TikTok serves statement transactions from 2023-07-01 on' };
}

/** Why Get Payments is not read for this shop, or undefined when it is offered. */
export function paymentsNotOfferedTo(shop: ShopRef): string | undefined {
  if (shop.region === undefined || !PAYMENTS_NOT_OFFERED_IN.includes(shop.region)) return undefined;
  return `payments: skipped for shop ${shop.id}: TikTok does not offer Get Payments in South-East Asian markets (region ${shop.region}); statements and withdrawals carry the payouts there`;
}

/** The withdrawals warning when the error is TikTok's "merchant does not exist", else undefined. */
export function withdrawalsNotOffered(error: unknown): string | undefined {
  if (!(error instanceof ApiError) || error.apiCode !== MERCHANT_NOT_FOUND) return undefined;
  return `withdrawals: skipped for this shop: TikTok answers ${MERCHANT_NOT_FOUND} "merchant does not exist" for its withdrawals (the shop has no withdrawal account); the other streams go on`;
}
