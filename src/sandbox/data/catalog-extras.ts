/**
 * The sandbox's affiliate orders (Search Seller Affiliate Orders, docs/tiktok-shop-api.md §12.2) and stock levels
 * (Inventory Search, §12.1), in the SDK's shapes. Both derive from state the sandbox already keeps (orders,
 * products), so they move when it moves and need no state of their own.
 */
import type { OrderState, ProductState, ShopState } from './state.js';

/** Every fifth order came through a creator's content. */
export const affiliatedOrders = (shop: ShopState): OrderState[] => shop.orders.filter((o) => o.i % 5 === 0);

/** One or two SKU lines per affiliate order. */
export const affiliateLineCount = (o: OrderState): number => 1 + (o.i % 2);

const CONTENT_TYPES = ['VIDEO', 'LIVE', 'SHOP', 'LINKSHARE'] as const;

/** Basis points of the price: an integer-only split keeps the decimal strings exact. */
function share(amount: string, basisPoints: number): string {
  const [whole = '0', frac = ''] = amount.split('.');
  const decimals = frac.length;
  const minor = BigInt(whole + frac);
  const value = (minor * BigInt(basisPoints)) / 10_000n;
  const text = value.toString().padStart(decimals + 1, '0');
  return decimals ? `${text.slice(0, -decimals)}.${text.slice(-decimals)}` : text;
}

/**
 * The commission settles once the order completes (status COMPLETED, actual amounts filled); a cancelled order's
 * commission is CANCELLED with actual amounts of zero; until then it is PROCESSING with estimates only.
 */
function settlement(o: OrderState): 'COMPLETED' | 'CANCELLED' | 'PROCESSING' {
  if (o.status === 'COMPLETED') return 'COMPLETED';
  if (o.status === 'CANCELLED') return 'CANCELLED';
  return 'PROCESSING';
}

export function affiliateOrderObject(shop: ShopState, o: OrderState): Record<string, unknown> {
  const status = settlement(o);
  const skus = Array.from({ length: affiliateLineCount(o) }, (_, k) => {
    const product = shop.products[(o.i + k) % Math.max(1, shop.products.length)];
    const sku = product?.data.skus[0];
    const currency = sku?.price.currency ?? 'USD';
    const price = sku?.price.sale_price ?? '10.00';
    const rate = 500 + ((o.i + k) % 4) * 250; // 5.00% – 12.50%, in hundredths of a percent
    const money = (amount: string) => ({ amount, currency });
    const zero = share(price, 0);
    const actual = (amount: string) => money(status === 'COMPLETED' ? amount : zero);
    return {
      product_id: product?.data.id ?? '',
      creator_username: `creator${o.i % 7}`,
      content_type: CONTENT_TYPES[(o.i + k) % CONTENT_TYPES.length],
      content_id: `7${String(o.i).padStart(8, '0')}${k}000000000`,
      open_collaboration_id: `7366${String(o.i % 13).padStart(7, '0')}`,
      target_collaboration_id: '',
      campaign_id: '',
      price: money(price),
      quantity: 1,
      refunded_quantity: 0,
      returned_quantity: 0,
      commission_model: 'Fixed commission',
      commission_tier_setting: '',
      commission_rate: String(rate),
      shop_ads_commission_rate: '0',
      estimated_commission_base: money(price),
      estimated_paid_commission: money(share(price, rate)),
      estimated_paid_shop_ads_commission: money(zero),
      estimated_cofunded_creator_bonus_amount: money(zero),
      actual_commission_base: actual(price),
      actual_paid_commission: actual(share(price, rate)),
      actual_paid_shop_ads_commission: money(zero),
      actual_cofunded_creator_bonus_amount: money(zero),
    };
  });
  return { id: o.id, create_time: o.create, ...(o.delivery ? { delivery_time: o.delivery } : {}), status, skus };
}

/** Committed units: a small deterministic share of the stock, as open orders would hold. */
const committedOf = (quantity: number, k: number): number => Math.min(quantity, (quantity + k) % 7);

/** A product that Search Products lists by default (its default status ALL leaves DELETED products out, §12.3). */
export const listedByDefault = (p: ProductState): boolean => p.data.status !== 'DELETED';

/** Inventory Search's entry for one product: each SKU with its stock per warehouse (§12.1). */
export function inventoryObject(p: ProductState): Record<string, unknown> {
  return {
    product_id: p.data.id,
    skus: p.data.skus.map((sku, k) => {
      const warehouses = sku.inventory.map((inv) => ({
        warehouse_id: inv.warehouse_id,
        available_quantity: inv.quantity,
        committed_quantity: committedOf(inv.quantity, k),
      }));
      const available = warehouses.reduce((sum, w) => sum + w.available_quantity, 0);
      return {
        id: sku.id,
        seller_sku: sku.seller_sku,
        total_available_quantity: available,
        total_committed_quantity: warehouses.reduce((sum, w) => sum + w.committed_quantity, 0),
        warehouse_inventory: warehouses,
        total_available_inventory_distribution: { campaign_inventory: [], creator_inventory: [], in_shop_inventory: { quantity: available } },
      };
    }),
  };
}

/** Inventory rows the tap makes of a product (one per SKU and warehouse), for the counts route. */
export const inventoryRowCount = (p: ProductState): number => p.data.skus.reduce((sum, sku) => sum + sku.inventory.length, 0);
