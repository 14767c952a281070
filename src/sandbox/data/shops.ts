/** A shop and its initial data set: products, then orders spread over the history window, cancellations, returns. */
import { ALNUM, Rng, pad } from '../random.js';
import { MARKETS, SHOP_KINDS, SHOP_WORDS } from '../regions.js';
import type { Shop } from '../types.js';
import { at } from './arrays.js';
import { DAY, HOUR, STREAM, type DataContext } from './generation.js';
import { addOrder } from './order-life.js';
import { addProduct } from './products.js';
import { providersOf } from './providers.js';
import { addReturn, returnEligible } from './returns.js';
import { initialCancellations } from './cancellations.js';
import type { ShopState } from './state.js';
import { resortByUpdate } from './update-index.js';

/** Shop number `s` with every record it holds at `now`. */
export function createShop(gen: DataContext, s: number, now: number): ShopState {
  const { seed, opts } = gen;
  const r = new Rng(seed, STREAM.SHOP, s);
  const market = at(MARKETS, s % MARKETS.length);
  const round = Math.floor(s / MARKETS.length);
  const crossBorder = market.region === 'MY' || market.region === 'SG' || round > 0;
  const info: Shop = {
    id: '74953' + pad(s, 2) + r.digits(12),
    name: `${r.pick(SHOP_WORDS)} ${r.pick(SHOP_KINDS)} ${market.region}${round > 0 ? ` ${round + 1}` : ''}`,
    region: market.region,
    seller_type: crossBorder ? 'CROSS_BORDER' : 'LOCAL',
    cipher: (crossBorder ? 'GCP_' : 'ROW_') + r.chars(28, ALNUM),
    code: market.region + (crossBorder ? 'CB' : 'LC') + r.chars(6, 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'),
  };
  const warehouses = Array.from({ length: r.int(1, 2) }, (_, k) => '730' + pad(s, 2) + pad(k, 1) + r.digits(13));
  const shop: ShopState = {
    idx: s, info, market, warehouses, carriers: providersOf(market.region).map((name, k) => ({
      name, id: '71' + pad(s, 2) + pad(k, 1) + r.digits(14),
    })), buyers: [], buyerCount: Math.max(50, Math.min(20000, Math.ceil(opts.orders / 3))), skuFrags: [], products: [], productById: new Map(), pool: [], productsVersion: 0, orders: [],
    orderById: new Map(), byUpdate: [], orderJson: [], ordersVersion: 0, warmed: 0, returns: [], returnsVersion: 0,
    cancellations: [], cancellationsVersion: 0,
    queryCache: new Map(),
  };

  const start = now - Math.round(opts.days * DAY);
  for (let j = 0; j < opts.products; j++) {
    const pr = new Rng(seed, shop.idx, STREAM.PRODUCT, j, 0);
    addProduct(gen, shop, start - pr.int(DAY, 365 * DAY), now, j === 0 ? 'ACTIVATE' : undefined);
  }
  if (shop.pool.length === 0) throw new Error('no sellable product');

  // Order create times: sorted, spread over [start, now) with exponential gaps (O(n), no sort).
  const n = opts.orders;
  if (n > 0) {
    const tr = new Rng(seed, shop.idx, STREAM.TIMES);
    const gaps = new Float64Array(n + 1);
    let total = 0;
    for (let k = 0; k <= n; k++) {
      total += -Math.log(1 - tr.float());
      gaps[k] = total;
    }
    const span = now - 60 - start;
    for (let i = 0; i < n; i++) {
      const create = start + Math.floor(((gaps[i] ?? 0) / total) * span);
      addOrder(gen, shop, create, now);
    }
  }
  resortByUpdate(shop);
  // Cancellations of cancelled orders, buyer requests pending or turned down (they change no order).
  initialCancellations(gen, shop, now);

  // Returns on delivered/completed orders.
  for (const st of shop.orders) {
    if (!returnEligible(st)) continue;
    const rr = new Rng(seed, shop.idx, STREAM.RET_ROLL, st.i);
    if (!rr.chance(opts.returnsShare)) continue;
    const create = st.delivery + rr.int(HOUR, 5 * DAY);
    if (create > now) continue;
    addReturn(gen, shop, st, create, now);
  }
  return shop;
}
