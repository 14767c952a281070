import type { Grant, TrailingWindow } from '../sync/declaration.js';

/**
 * What the finance families (statements, payments, withdrawals) share: the authorization scope they need and the
 * window every run reads again.
 */

/** The finance streams, for the line that says what to deselect. */
const FINANCE_STREAMS = 'statements, statement_transactions, order_sku_transactions, unsettled_transactions, payments and withdrawals';

/**
 * Finance data needs a scope of its own; the API answers 105005 when the grant lacks it (§3.3:
 * "fail stream with clear message, needs re-consent after enabling scope"). The reference does not verify scope
 * names, so the line says "the Finance scope" rather than an id; this is the one place that wording lives.
 */
export const FINANCE_GRANT: Grant = {
  scope: 'the Finance scope',
  fix:
    'add the Finance scope to the app in Partner Center, then have the seller authorize the app again (tap-tiktok-shop authorize): a grant only ' +
    `carries the scopes the app had when the seller approved it — or deselect ${FINANCE_STREAMS}`,
};

/**
 * A statement's or payment's status can change after the time the API filters on, which never moves (PROCESSING,
 * then PAID or FAILED; a withdrawal's PROCESSING becomes final later, §9.9): so every run reads the last
 * finance_lookback_days again and emits the current version of each record.
 */
export const FINANCE_TRAILING: TrailingWindow = {
  setting: 'finance_lookback_days',
  seconds: (config) => config.finance_lookback_days * 86_400,
};

/**
 * A payment time of 0 on a statement or payment not paid yet is "no time", not 1970-01-01: `payment_time` and
 * `paid_time` are "filled on payment" (§9.9), and what the live API sends before that is not documented (absent, or
 * 0 as in the sandbox). Either way the record says null until the money moved.
 */
export function unpaidTimeAsNull(item: Record<string, unknown>, field: string): void {
  if (item[field] === 0 || item[field] === '0') item[field] = null;
}
