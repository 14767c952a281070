/** Product generation (create, later updates) and the summary shape product search returns. */
import { Rng, pad } from '../random.js';
import { COLORS, PRODUCT_ADJECTIVES, PRODUCT_NOUNS, SIZES, formatMoney } from '../regions.js';
import type { Product, ProductStatus, ProductSummary } from '../types.js';
import { at } from './arrays.js';
import { STREAM, type DataContext } from './generation.js';
import { roundPrice } from './money.js';
import type { ProductState, ShopState } from './state.js';

/** Statuses whose SKUs may appear in orders (a product can be frozen or deleted after it sold). */
const SOLD_PRODUCT: ReadonlySet<ProductStatus> = new Set(['ACTIVATE', 'SELLER_DEACTIVATED', 'PLATFORM_DEACTIVATED', 'FREEZE', 'DELETED']);

export function addProduct(gen: DataContext, shop: ShopState, create: number, clock: number, forceStatus?: ProductStatus): ProductState {
  const j = shop.products.length;
  const m = shop.market;
  const r = new Rng(gen.seed, shop.idx, STREAM.PRODUCT, j, 1);
  const adjective = r.pick(PRODUCT_ADJECTIVES);
  const noun = r.pick(PRODUCT_NOUNS);
  const status: ProductStatus = forceStatus ?? r.weighted<ProductStatus>([
    ['ACTIVATE', 70], ['SELLER_DEACTIVATED', 6], ['PLATFORM_DEACTIVATED', 3], ['DRAFT', 4], ['PENDING', 3], ['FAILED', 2],
    ['FREEZE', 5], ['DELETED', 7],
  ]);
  const update = create + r.int(0, Math.max(0, clock - create));
  const id = '1729' + pad(shop.idx, 2) + pad(j, 6) + r.digits(7);
  const nSkus = r.weighted([[1, 40], [2, 30], [3, 20], [4, 10]] as const);
  const useSize = r.chance(0.3);
  const basePrice = roundPrice(r.int(m.priceMin, m.priceMax), m);
  const prices: number[] = [];
  const listPrices: number[] = [];
  const colorStart = r.int(0, COLORS.length - 1);
  const code = noun.replace(/[^A-Za-z]/g, '').slice(0, 3).toUpperCase();
  const skus = Array.from({ length: nSkus }, (_, k) => {
    const price = roundPrice(basePrice + k * m.priceStep * r.int(0, 3), m);
    const listPrice = roundPrice(Math.round(price * (1 + r.int(0, 30) / 100)), m);
    prices.push(price);
    listPrices.push(listPrice);
    const value = useSize ? at(SIZES, (colorStart + k) % SIZES.length) : at(COLORS, (colorStart + k) % COLORS.length);
    return {
      id: '1730' + pad(shop.idx, 2) + pad(j, 6) + pad(k, 1) + r.digits(6),
      seller_sku: `${code}-${value.replace(/[^A-Za-z0-9]/g, '').slice(0, 3).toUpperCase()}-${j}`,
      external_sku_id: r.chance(0.5) ? '4' + r.digits(13) : '',
      price: { currency: m.currency, sale_price: formatMoney(price, m.decimals), tax_exclusive_price: formatMoney(price, m.decimals) },
      list_price: { amount: formatMoney(listPrice, m.decimals), currency: m.currency },
      inventory: [{ warehouse_id: at(shop.warehouses, k % shop.warehouses.length), quantity: r.int(0, 500) }],
      sales_attributes: [{ id: useSize ? '100001' : '100000', name: useSize ? 'Size' : 'Color', value_id: '70' + r.digits(5), value_name: value }],
      identifier_code: { code: r.digits(12), type: 'UPC' },
      status_info: { status: 'NORMAL' as const },
    };
  });
  const img = r.chars(16, '0123456789abcdef');
  const data: Product = {
    id,
    title: `${adjective} ${noun} ${r.chars(2, 'ABCDEFGHJKLMNPRSTUVWXYZ')}${r.int(1, 99)}`,
    description: `<p>${adjective} ${noun.toLowerCase()}, made to last.</p>`,
    status,
    create_time: create,
    update_time: update,
    audit: { status: auditOf(status), pre_approved_reasons: [] },
    category_chains: [
      { id: '600001', parent_id: '0', local_name: 'Home Supplies', is_leaf: false },
      { id: String(853000 + (j % 7)), parent_id: '600001', local_name: noun, is_leaf: true },
    ],
    brand: { id: '7082' + pad(shop.idx, 2) + r.digits(13), name: adjective + ' Co' },
    main_images: [{ uri: `tos-maliva-i-o3syd03w52-us/${img}`, urls: [`https://p16-oec-va.example/${img}.jpeg`], width: 800, height: 800 }],
    package_weight: { value: (r.int(5, 300) / 100).toFixed(2), unit: 'KILOGRAM' },
    package_dimensions: { length: String(r.int(5, 40)), width: String(r.int(5, 40)), height: String(r.int(2, 30)), unit: 'CENTIMETER' },
    external_product_id: r.chance(0.4) ? '8' + r.digits(12) : '',
    is_cod_allowed: m.region !== 'US' && m.region !== 'GB',
    is_not_for_sale: false,
    has_draft: false,
    is_pre_owned: false,
    listing_quality_tier: r.pick(['POOR', 'FAIR', 'GOOD']),
    minimum_order_quantity: 1,
    skus,
  };
  const p: ProductState = { j, data, prices, listPrices, version: 0, detailJson: undefined, summaryJson: undefined };
  shop.products.push(p);
  shop.productById.set(id, p);
  if (SOLD_PRODUCT.has(status)) for (let k = 0; k < nSkus; k++) shop.pool.push({ p: j, s: k });
  shop.productsVersion++;
  return p;
}

export function updateProduct(gen: DataContext, shop: ShopState, p: ProductState, time: number): void {
  p.version++;
  const r = new Rng(gen.seed, shop.idx, STREAM.PRODUCT_UPD, p.j, p.version);
  const d = p.data;
  for (const sku of d.skus) {
    for (const inv of sku.inventory) inv.quantity = Math.max(0, inv.quantity + r.int(-40, 60));
  }
  const roll = r.float();
  if (d.status === 'ACTIVATE' && roll < 0.1) d.status = 'SELLER_DEACTIVATED';
  else if (d.status === 'ACTIVATE' && roll < 0.15) d.status = 'DELETED';
  else if (d.status === 'SELLER_DEACTIVATED' && roll < 0.5) d.status = 'ACTIVATE';
  else if (d.status === 'DRAFT') d.status = 'PENDING';
  else if (d.status === 'PENDING') d.status = 'ACTIVATE';
  d.audit.status = auditOf(d.status);
  d.update_time = time;
  p.detailJson = undefined;
  p.summaryJson = undefined;
  shop.productsVersion++;
}

function auditOf(status: ProductStatus): string {
  switch (status) {
    case 'PENDING':
      return 'AUDITING';
    case 'FAILED':
      return 'FAILED';
    case 'DRAFT':
      return 'NONE';
    default:
      return 'APPROVED';
  }
}

export function summaryOf(d: Product): ProductSummary {
  return {
    id: d.id,
    title: d.title,
    status: d.status,
    create_time: d.create_time,
    update_time: d.update_time,
    sales_regions: [d.skus[0]?.price.currency === 'USD' ? 'US' : 'ROW'].filter(Boolean),
    is_not_for_sale: d.is_not_for_sale,
    listing_quality_tier: d.listing_quality_tier,
    audit: d.audit,
    has_draft: d.has_draft,
    skus: d.skus.map((s) => ({
      id: s.id, seller_sku: s.seller_sku, price: s.price, list_price: s.list_price, inventory: s.inventory,
      status_info: s.status_info,
    })),
  };
}
