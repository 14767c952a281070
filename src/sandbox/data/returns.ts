/** Returns: at most one per delivered/completed order, walked through its flow as the clock moves. */
import { Rng, pad } from '../random.js';
import { at } from './arrays.js';
import { DAY, HOUR, STREAM, type DataContext } from './generation.js';
import { orderStatic } from './order-contents.js';
import { providersOf } from './providers.js';
import type { OrderState, ReturnKind, ReturnState, ShopState } from './state.js';

export const RETURN_FLOWS: Record<ReturnKind, readonly string[]> = {
  REFUND: ['RETURN_OR_REFUND_REQUEST_PENDING', 'RETURN_OR_REFUND_REQUEST_SUCCESS', 'RETURN_OR_REFUND_REQUEST_COMPLETE'],
  RETURN_AND_REFUND: ['RETURN_OR_REFUND_REQUEST_PENDING', 'AWAITING_BUYER_SHIP', 'BUYER_SHIPPED_ITEM',
    'RETURN_OR_REFUND_REQUEST_SUCCESS', 'RETURN_OR_REFUND_REQUEST_COMPLETE'],
  REPLACEMENT: ['REPLACEMENT_REQUEST_PENDING', 'REPLACEMENT_REQUEST_COMPLETE'],
};
const RETURN_ALT_END: Record<ReturnKind, readonly string[]> = {
  REFUND: ['REFUND_OR_RETURN_REQUEST_REJECT', 'RETURN_OR_REFUND_REQUEST_CANCEL'],
  RETURN_AND_REFUND: ['REFUND_OR_RETURN_REQUEST_REJECT', 'RETURN_OR_REFUND_REQUEST_CANCEL'],
  REPLACEMENT: ['REPLACEMENT_REQUEST_REJECT', 'REPLACEMENT_REQUEST_CANCEL'],
};
const RETURN_REASONS: readonly (readonly [string, string])[] = [
  ['ecom_order_delivered_refund_and_return_reason_damaged', 'Item arrived damaged'],
  ['ecom_order_delivered_refund_and_return_reason_wrong_item', 'Wrong item received'],
  ['ecom_order_delivered_refund_and_return_reason_not_as_described', 'Item not as described'],
  ['ecom_order_delivered_refund_and_return_reason_no_longer_needed', 'No longer needed'],
];

export function addReturn(gen: DataContext, shop: ShopState, st: OrderState, create: number, clock: number): ReturnState {
  const seq = shop.returns.length;
  const r = new Rng(gen.seed, shop.idx, STREAM.RETURN, seq);
  const lines = orderStatic(gen, shop, st).lines;
  const type = r.weighted<ReturnKind>([['REFUND', 25], ['RETURN_AND_REFUND', 65], ['REPLACEMENT', 10]]);
  const want = Math.min(lines.length, r.weighted([[1, 75], [2, 20], [lines.length, 5]] as const));
  const idx = lines.map((_, k) => k);
  for (let k = 0; k < want; k++) {
    const swap = r.int(k, idx.length - 1);
    const tmp = at(idx, k);
    idx[k] = at(idx, swap);
    idx[swap] = tmp;
  }
  const lineIdx = idx.slice(0, want).sort((a, b) => a - b);
  const [reason, reasonText] = r.pick(RETURN_REASONS);
  const ret: ReturnState = {
    seq,
    id: '40' + pad(shop.idx, 2) + pad(seq, 8) + r.digits(7),
    orderIdx: st.i,
    type,
    stage: 0,
    alt: undefined,
    create,
    update: create,
    version: 0,
    lineIdx,
    lineIds: lineIdx.map((k) => '41' + pad(shop.idx, 2) + pad(seq, 8) + pad(k, 2) + r.digits(5)),
    reason,
    reasonText,
    shipmentType: r.chance(0.8) ? 'PLATFORM' : 'BUYER_ARRANGE',
    handover: r.chance(0.7) ? 'DROP_OFF' : 'PICKUP',
    trackingNumber: 'RT' + r.digits(12),
    provider: r.pick(providersOf(shop.market.region)),
    platformShip: type === 'RETURN_AND_REFUND' ? shop.market.shipMin : 0,
    json: undefined,
  };
  // Walk the return through its flow up to the clock.
  while (!returnFinished(ret)) {
    const next = ret.update + r.int(6 * HOUR, 3 * DAY);
    if (next > clock) break;
    if (r.chance(0.08)) ret.alt = r.pick(RETURN_ALT_END[type]);
    else ret.stage++;
    ret.update = next;
  }
  st.hasReturn = true;
  shop.returns.push(ret);
  shop.returnsVersion++;
  return ret;
}

export function progressReturn(ret: ReturnState, time: number): void {
  ret.version++;
  if (!returnFinished(ret)) ret.stage++;
  ret.update = time;
  ret.json = undefined;
}

export function returnEligible(st: OrderState): boolean {
  return !st.hasReturn && (st.status === 'DELIVERED' || st.status === 'COMPLETED');
}

export function returnStatus(ret: ReturnState): string {
  return ret.alt ?? at(RETURN_FLOWS[ret.type], ret.stage);
}

export function returnFinished(ret: ReturnState): boolean {
  return ret.alt !== undefined || ret.stage >= RETURN_FLOWS[ret.type].length - 1;
}
