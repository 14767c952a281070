/** An order's status timeline: creation, its past up to the clock, and each later step. */
import { Rng, pad } from '../random.js';
import type { OrderStatus } from '../types.js';
import { DAY, HOUR, STREAM, type DataContext } from './generation.js';
import type { OrderState, ShopState } from './state.js';

export const TERMINAL_ORDER: ReadonlySet<OrderStatus> = new Set(['COMPLETED', 'CANCELLED']);

export function addOrder(gen: DataContext, shop: ShopState, create: number, clock: number): OrderState {
  const i = shop.orders.length;
  const r = new Rng(gen.seed, shop.idx, STREAM.LIFE, i);
  const st: OrderState = {
    i, id: '57' + pad(shop.idx, 2) + pad(i, 8) + r.digits(6), create, update: create, status: 'UNPAID', paid: 0, rts: 0,
    collection: 0, delivery: 0, completed: 0, cancel: 0, cancelBy: '', version: 0, pool: shop.pool.length, hasReturn: false,
    cancelIdx: -1, packageCount: 0,
  };
  initLife(st, r, clock);
  shop.orders.push(st);
  shop.orderById.set(st.id, st);
  shop.orderJson.push(undefined);
  shop.byUpdate.push(i);
  return st;
}

/** Moves an order one step along its life at `time` (≥ its update_time); terminal orders only get touched. */
export function progressOrder(gen: DataContext, shop: ShopState, st: OrderState, time: number): void {
  st.version++;
  const r = new Rng(gen.seed, shop.idx, STREAM.ORDER_UPD, st.i, st.version);
  switch (st.status) {
    case 'UNPAID':
      if (r.chance(0.2)) cancelOrder(st, time, 'SYSTEM');
      else setStatus(st, 'AWAITING_SHIPMENT', time, 'paid');
      break;
    case 'ON_HOLD':
      setStatus(st, 'AWAITING_SHIPMENT', time);
      break;
    case 'AWAITING_SHIPMENT':
      if (r.chance(0.1)) cancelOrder(st, time, r.chance(0.5) ? 'BUYER' : 'SELLER');
      else setStatus(st, 'AWAITING_COLLECTION', time, 'rts');
      break;
    case 'PARTIALLY_SHIPPING':
    case 'AWAITING_COLLECTION':
      setStatus(st, 'IN_TRANSIT', time, 'collection');
      break;
    case 'IN_TRANSIT':
      setStatus(st, 'DELIVERED', time, 'delivery');
      break;
    case 'DELIVERED':
      setStatus(st, 'COMPLETED', time, 'completed');
      break;
    default:
      st.update = time;
  }
  shop.orderJson[st.i] = undefined;
}

function setStatus(st: OrderState, status: OrderStatus, time: number, stamp?: 'paid' | 'rts' | 'collection' | 'delivery' | 'completed'): void {
  st.status = status;
  st.update = time;
  if (stamp) st[stamp] = time;
}

function cancelOrder(st: OrderState, time: number, by: string): void {
  st.status = 'CANCELLED';
  st.update = time;
  st.cancel = time;
  st.cancelBy = by;
}

/** The order's life up to `clock`: drawn from its own PRNG, so an order's past is the same whatever else exists. */
function initLife(st: OrderState, r: Rng, clock: number): void {
  const fate = r.weighted([['normal', 83], ['late_payment', 5], ['unpaid_cancel', 4], ['cancel', 6], ['hold', 2]] as const);
  const paidAt = st.create + (fate === 'late_payment' ? r.int(HOUR, 3 * DAY) : r.int(20, 1800));
  const holdFor = r.int(2 * HOUR, DAY);
  const cancelAfter = r.int(600, 36 * HOUR);
  const cancelBy = r.chance(0.6) ? 'BUYER' : 'SELLER';
  const rtsAfter = r.int(4 * HOUR, 72 * HOUR);
  const collectAfter = r.int(HOUR, DAY);
  const deliverAfter = r.int(DAY, 6 * DAY);
  const completeAfter = r.int(3 * DAY, 15 * DAY);
  if (fate === 'unpaid_cancel') {
    const when = st.create + r.int(HOUR, 3 * DAY);
    if (when <= clock) cancelOrder(st, when, 'SYSTEM');
    return;
  }
  if (paidAt > clock) return;
  setStatus(st, fate === 'hold' ? 'ON_HOLD' : 'AWAITING_SHIPMENT', paidAt, 'paid');
  let ready = paidAt;
  if (fate === 'hold') {
    ready = paidAt + holdFor;
    if (ready > clock) return;
    setStatus(st, 'AWAITING_SHIPMENT', ready);
  }
  if (fate === 'cancel') {
    const when = ready + cancelAfter;
    if (when <= clock) cancelOrder(st, when, cancelBy);
    return;
  }
  const steps: [OrderStatus, 'rts' | 'collection' | 'delivery' | 'completed', number][] = [
    ['AWAITING_COLLECTION', 'rts', rtsAfter], ['IN_TRANSIT', 'collection', collectAfter], ['DELIVERED', 'delivery', deliverAfter],
    ['COMPLETED', 'completed', completeAfter],
  ];
  let t = ready;
  for (const [status, stamp, after] of steps) {
    t += after;
    if (t > clock) return;
    setStatus(st, status, t, stamp);
  }
}
