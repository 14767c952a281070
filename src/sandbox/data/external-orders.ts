/** An order's references in external platforms (Shopify, WooCommerce...), one origin id per line item. */
import { Rng } from '../random.js';
import type { ExternalOrder } from '../types.js';
import { STREAM, type DataContext } from './generation.js';
import { orderStatic } from './order-contents.js';
import type { OrderState, ShopState } from './state.js';

export function externalOf(gen: DataContext, shop: ShopState, st: OrderState): ExternalOrder[] {
  const r = new Rng(gen.seed, shop.idx, STREAM.EXT, st.i);
  if (!r.chance(gen.opts.externalShare)) return [];
  const platforms = gen.opts.platforms;
  const chosen = platforms.filter((_, k) => r.chance(k === 0 ? 0.8 : 0.35));
  if (chosen.length === 0) chosen.push(r.pick(platforms));
  const lines = orderStatic(gen, shop, st).lines;
  return chosen.map((platform) => {
    const shopify = platform === 'SHOPIFY';
    const woo = platform === 'WOOCOMMERCE';
    const id = shopify ? '5' + r.digits(12) : woo ? String(r.int(1000, 999999)) : '9' + r.digits(11);
    let origin = shopify ? 13579246800000 + r.int(0, 99999999) : r.int(100, 99999) * 10;
    return {
      id,
      platform,
      line_items: lines.map((line) => ({ id: line.id, origin_id: String(origin++) })),
    };
  });
}
