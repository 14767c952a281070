/**
 * The JSON of orders (as bytes in an arena) and product details, rendered on demand and cached until the record
 * changes. (Records served by searches over collections cache their own JSON: collections.ts.)
 */
import type { ProductState, OrderState, ShopState } from './state.js';
import type { DataContext } from './generation.js';
import { Arena } from './json-bytes.js';
import { renderOrder } from './order-json.js';

export class JsonCache {
  private readonly arena = new Arena();

  constructor(private readonly gen: DataContext) {}

  order(shop: ShopState, st: OrderState): Buffer {
    const cached = shop.orderJson[st.i];
    if (cached !== undefined) return cached;
    const json = this.arena.copy(renderOrder(this.gen, shop, st));
    if (this.gen.opts.cacheJson) shop.orderJson[st.i] = json;
    return json;
  }

  productDetail(p: ProductState): string {
    if (p.detailJson !== undefined) return p.detailJson;
    const json = JSON.stringify(p.data);
    if (this.gen.opts.cacheJson) p.detailJson = json;
    return json;
  }
}
