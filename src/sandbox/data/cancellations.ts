/**
 * Cancellations (§9.1): one record per cancelled order, plus buyer requests to cancel orders awaiting shipment that
 * are still pending or were turned down. A cancellation always covers the whole order (every line item).
 *
 * The order's own life (order-life.ts) decides when an order is cancelled and by whom; this file keeps the
 * cancellations in step with it (`syncCancellation` after every order change) and walks them on:
 *   BUYER_CANCEL request: PENDING → SUCCESS (the order is cancelled) → COMPLETE (refunded), or PENDING → CANCEL
 *                         (withdrawn, or the seller shipped instead);
 *   CANCEL by the seller or the system: SUCCESS at the order's cancel time → COMPLETE (refunded). An order that was
 *                         never paid has nothing to refund: its cancellation is COMPLETE at once.
 * A pending request does not change the order (its `is_buyer_request_cancel` stays false), so creating or turning
 * down a request moves only the cancellation's update_time.
 */
import { Rng, pad } from '../random.js';
import { at } from './arrays.js';
import { DAY, HOUR, STREAM, type DataContext } from './generation.js';
import type { CancelRole, CancelState, CancelStatus, OrderState, ShopState } from './state.js';

/** Share of orders awaiting shipment (at the start) with a pending buyer request to cancel. */
const PENDING_SHARE = 0.1;
/** Share of shipped orders whose buyer asked to cancel before the seller shipped (request turned down). */
const REFUSED_SHARE = 0.04;

export const CANCEL_REASONS: Record<CancelRole, { reason: string; text: string }> = {
  BUYER: { reason: 'ecom_order_to_ship_canceled_reason_no_longer_needed', text: 'No longer needed' },
  SELLER: { reason: 'seller_canceled_reason_out_of_stock', text: 'Out of stock' },
  SYSTEM: { reason: 'ecom_order_unpaid_canceled_reason_payment_timeout', text: 'Payment not completed in time' },
};

export function cancellationOpen(c: CancelState): boolean {
  return c.status === 'CANCELLATION_REQUEST_PENDING' || c.status === 'CANCELLATION_REQUEST_SUCCESS';
}

function latest(shop: ShopState, st: OrderState): CancelState | undefined {
  return st.cancelIdx < 0 ? undefined : at(shop.cancellations, st.cancelIdx);
}

function addCancellation(gen: DataContext, shop: ShopState, st: OrderState, role: CancelRole, status: CancelStatus,
  create: number, update: number): CancelState {
  const seq = shop.cancellations.length;
  const r = new Rng(gen.seed, shop.idx, STREAM.CANCEL, seq);
  const c: CancelState = {
    seq,
    id: '42' + pad(shop.idx, 2) + pad(seq, 8) + r.digits(7),
    orderIdx: st.i,
    type: role === 'BUYER' ? 'BUYER_CANCEL' : 'CANCEL',
    role,
    status,
    create,
    update,
    version: 0,
    lineSalt: r.digits(5),
    json: undefined,
  };
  shop.cancellations.push(c);
  st.cancelIdx = seq;
  shop.cancellationsVersion++;
  return c;
}

function setStatus(shop: ShopState, c: CancelState, status: CancelStatus, time: number): void {
  c.status = status;
  c.update = Math.max(c.update, time);
  c.version++;
  c.json = undefined;
  shop.cancellationsVersion++;
}

/** The cancellation of an order that has just been cancelled (paid orders are refunded later: SUCCESS first). */
function recordCancel(gen: DataContext, shop: ShopState, st: OrderState, r: Rng | undefined): CancelState {
  const role: CancelRole = st.cancelBy === 'BUYER' || st.cancelBy === 'SELLER' ? st.cancelBy : 'SYSTEM';
  const status: CancelStatus = st.paid > 0 ? 'CANCELLATION_REQUEST_SUCCESS' : 'CANCELLATION_REQUEST_COMPLETE';
  // A buyer asked a while before the order was cancelled (not before it was paid).
  const asked = role === 'BUYER' && r && st.paid > 0 ? Math.max(st.paid, st.cancel - r.int(600, 12 * HOUR)) : st.cancel;
  return addCancellation(gen, shop, st, role, status, asked, st.cancel);
}

/** The initial cancellations of a new shop's orders, walked up to `clock`. */
export function initialCancellations(gen: DataContext, shop: ShopState, clock: number): void {
  for (const st of shop.orders) {
    const r = new Rng(gen.seed, shop.idx, STREAM.CANCEL, -1, st.i);
    if (st.status === 'CANCELLED') {
      const c = recordCancel(gen, shop, st, r);
      const refunded = c.update + r.int(HOUR, 2 * DAY);
      if (c.status === 'CANCELLATION_REQUEST_SUCCESS' && refunded <= clock) setStatus(shop, c, 'CANCELLATION_REQUEST_COMPLETE', refunded);
    } else if (st.status === 'AWAITING_SHIPMENT' && st.update < clock && r.chance(PENDING_SHARE)) {
      const asked = r.int(st.update + 1, clock);
      addCancellation(gen, shop, st, 'BUYER', 'CANCELLATION_REQUEST_PENDING', asked, asked);
    } else if (st.rts > st.paid + 600 && st.paid > 0 && r.chance(REFUSED_SHARE)) {
      const asked = r.int(st.paid, st.rts - 600);
      addCancellation(gen, shop, st, 'BUYER', 'CANCELLATION_REQUEST_CANCEL', asked, st.rts);
    }
  }
}

/**
 * Keeps an order's cancellations in step after the order changed at `time`: a cancelled order gets its
 * cancellation (a pending buyer request becomes SUCCESS, and the order counts as cancelled by the buyer); an order
 * that shipped turns its pending request down. Returns the cancellation it created or changed.
 */
export function syncCancellation(gen: DataContext, shop: ShopState, st: OrderState, time: number): { created: boolean; c: CancelState } | undefined {
  const c = latest(shop, st);
  if (st.status === 'CANCELLED') {
    if (c?.status === 'CANCELLATION_REQUEST_PENDING') {
      st.cancelBy = 'BUYER';
      shop.orderJson[st.i] = undefined;
      setStatus(shop, c, st.paid > 0 ? 'CANCELLATION_REQUEST_SUCCESS' : 'CANCELLATION_REQUEST_COMPLETE', time);
      return { created: false, c };
    }
    if (c === undefined || c.status === 'CANCELLATION_REQUEST_CANCEL') return { created: true, c: recordCancel(gen, shop, st, undefined) };
    return undefined;
  }
  if (c?.status === 'CANCELLATION_REQUEST_PENDING' && st.status !== 'AWAITING_SHIPMENT' && st.status !== 'ON_HOLD') {
    setStatus(shop, c, 'CANCELLATION_REQUEST_CANCEL', time);
    return { created: false, c };
  }
  return undefined;
}

/** May the buyer of this order ask to cancel it now (awaiting shipment, no request open)? */
export function cancelRequestEligible(shop: ShopState, st: OrderState): boolean {
  if (st.status !== 'AWAITING_SHIPMENT') return false;
  const c = latest(shop, st);
  return c === undefined || !cancellationOpen(c);
}

/** A new buyer request to cancel an order awaiting shipment. */
export function requestCancel(gen: DataContext, shop: ShopState, st: OrderState, time: number): CancelState {
  const asked = Math.max(time, st.update);
  return addCancellation(gen, shop, st, 'BUYER', 'CANCELLATION_REQUEST_PENDING', asked, asked);
}

/**
 * One step of a cancellation that needs no change of its order: a pending request is withdrawn, a successful
 * cancellation is refunded (COMPLETE); a finished one is only touched (its update_time moves, like a return's).
 */
export function progressCancellation(shop: ShopState, c: CancelState, time: number): void {
  if (c.status === 'CANCELLATION_REQUEST_PENDING') setStatus(shop, c, 'CANCELLATION_REQUEST_CANCEL', time);
  else if (c.status === 'CANCELLATION_REQUEST_SUCCESS') setStatus(shop, c, 'CANCELLATION_REQUEST_COMPLETE', time);
  else setStatus(shop, c, c.status, time);
}
