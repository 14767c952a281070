/** The JSON the server sends for each record, rendered on demand and cached until the record changes. */
import type { ProductState, OrderState, ReturnState, ShopState } from './state.js';
import type { DataContext } from './generation.js';
import { Arena } from './json-bytes.js';
import { renderOrder } from './order-json.js';
import { summaryOf } from './products.js';
import { returnObject } from './return-record.js';

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

  return(shop: ShopState, ret: ReturnState): string {
    if (ret.json !== undefined) return ret.json;
    const json = JSON.stringify(returnObject(this.gen, shop, ret));
    if (this.gen.opts.cacheJson) ret.json = json;
    return json;
  }

  productDetail(p: ProductState): string {
    if (p.detailJson !== undefined) return p.detailJson;
    const json = JSON.stringify(p.data);
    if (this.gen.opts.cacheJson) p.detailJson = json;
    return json;
  }

  productSummary(p: ProductState): string {
    if (p.summaryJson !== undefined) return p.summaryJson;
    const json = JSON.stringify(summaryOf(p.data));
    if (this.gen.opts.cacheJson) p.summaryJson = json;
    return json;
  }
}
