/**
 * Virtual bundles (docs/tiktok-shop-api.md §5.6, §9.1): an order line that is a seller-defined bundle lists its
 * component SKUs in `sub_item_info[]`, each with its own line id, and the 202602 searches of cancellations and
 * returns list them again as sub line items whose `sub_order_line_item_id` names that id. Which lines are bundles is
 * a fixed rule on the line id rather than a random draw, so no other generated value moves.
 */
import { split } from './money.js';
import type { LineStatic } from './state.js';

export interface BundlePart {
  /** The component's line id: `sub_item_info[].id` of the order, `sub_order_line_item_id` of a refund. */
  id: string;
  skuId: string;
  sellerSku: string;
  skuName: string;
}

const PARTS = 2;

/** The parts of a bundle line (about one line in five: line ids end in four random digits), else none. */
export function bundleParts(line: LineStatic): BundlePart[] {
  if (Number(line.id.slice(-1)) % 5 !== 0) return [];
  return Array.from({ length: PARTS }, (_, k) => ({
    id: `57${line.id.slice(2)}${k}`,
    skuId: `${line.skuId}0${k}`,
    sellerSku: `${line.sellerSku}-P${k + 1}`,
    skuName: `${line.skuName} (part ${k + 1})`,
  }));
}

/** `,"sub_item_info":[…]` for the order line's JSON, or '' for a line that is no bundle. */
export function subItemInfoJson(line: LineStatic): string {
  const parts = bundleParts(line);
  if (parts.length === 0) return '';
  const items = parts.map(
    (p) => `{"id":"${p.id}","sku_id":"${p.skuId}","product_id":"${line.productId}","seller_sku":"${p.sellerSku}","product_name":"${line.productName}","sku_name":"${p.skuName}"}`,
  );
  return `,"sub_item_info":[${items.join(',')}]`;
}

/** Refund amounts in minor units, keyed as the reply names them. */
export type RefundMinor = Record<string, number>;

/**
 * The sub line items of a refund line (a cancellation's or a return's) for a bundle line: the line's refund split
 * over its parts, so the parts add up to the line exactly. Undefined for a line that is no bundle.
 */
export function refundSubLines(
  line: LineStatic,
  names: { sub: string; parent: string },
  parentId: string,
  refund: RefundMinor,
  money: (minor: number) => string,
  currency: string,
): Array<Record<string, unknown>> | undefined {
  const parts = bundleParts(line);
  if (parts.length === 0) return undefined;
  const shares = Object.fromEntries(Object.entries(refund).map(([key, minor]) => [key, split(minor, parts.length)]));
  return parts.map((p, k) => ({
    [names.sub]: `${parentId.slice(0, -1)}${k}${parentId.slice(-1)}`,
    [names.parent]: parentId,
    order_line_item_id: line.id,
    sub_order_line_item_id: p.id,
    sku_id: p.skuId,
    sku_name: p.skuName,
    seller_sku: p.sellerSku,
    product_name: line.productName,
    product_image: { url: line.skuImage, width: 200, height: 200 },
    refund_amount: { currency, ...Object.fromEntries(Object.entries(shares).map(([key, minors]) => [key, money(minors[k] ?? 0)])) },
  }));
}
