/**
 * Packages (§9.2, §9.3), derived from their order: every order lists its package ids in `packages[]` (one, or two
 * for a split shipment) and each line item names its `package_id`. A package's status follows its order:
 *   UNPAID / ON_HOLD / AWAITING_SHIPMENT → TO_FULFILL, AWAITING_COLLECTION → PROCESSING, IN_TRANSIT → FULFILLING,
 *   DELIVERED / COMPLETED → COMPLETED, CANCELLED (before shipping) → CANCELLED.
 * Search Packages lists the packages of shipped orders (PROCESSING onwards; §9.2 has no TO_FULFILL filter value);
 * Get Package Detail answers for any package id an order lists. Times: create_time = the order's paid time (create
 * time if never paid), update_time = the last of paid, rts, collection, delivery (or cancel) time — so a package
 * moves exactly when its status does. No package holds several orders (no COMBINE).
 */
import { Rng } from '../random.js';
import type { OrderStatus, PackageAddress, PackageDetail, PackageRecord } from '../types.js';
import { at } from './arrays.js';
import { HOUR, STREAM, type DataContext } from './generation.js';
import { orderStatic } from './order-contents.js';
import type { OrderState, OrderStatic, ShopState } from './state.js';

export type PackageStatus = PackageDetail['package_status'];

const STATUS: Record<OrderStatus, PackageStatus> = {
  UNPAID: 'TO_FULFILL', ON_HOLD: 'TO_FULFILL', AWAITING_SHIPMENT: 'TO_FULFILL', PARTIALLY_SHIPPING: 'PROCESSING',
  AWAITING_COLLECTION: 'PROCESSING', IN_TRANSIT: 'FULFILLING', DELIVERED: 'COMPLETED', COMPLETED: 'COMPLETED',
  CANCELLED: 'CANCELLED',
};
const SUB_STATUS: Record<PackageStatus, string> = {
  TO_FULFILL: 'CREATED', PROCESSING: 'RTS_success', FULFILLING: 'TTS', COMPLETED: 'Delivery', CANCELLED: 'CREATED',
};

/** One package: its order and its number within the order. */
export interface PackageRef {
  st: OrderState;
  k: number;
}

export function packageStatus(st: OrderState): PackageStatus {
  return STATUS[st.status];
}

export function packageCreate(st: OrderState): number {
  return st.paid || st.create;
}

export function packageUpdate(st: OrderState): number {
  return Math.max(st.paid || st.create, st.rts, st.collection, st.delivery, st.status === 'CANCELLED' ? st.cancel : 0);
}

/** Listed by Search Packages: the order has shipped. */
export function packageListed(st: OrderState): boolean {
  return st.rts > 0;
}

/** How many packages the order ships in (worked out once per order). */
export function packageCount(gen: DataContext, shop: ShopState, st: OrderState): number {
  if (st.packageCount === 0) st.packageCount = orderStatic(gen, shop, st).packages.length;
  return st.packageCount;
}

const listed = new WeakMap<ShopState, { version: number; refs: PackageRef[] }>();

/** The packages Search Packages can list, in order of their orders (rebuilt when an order changed). */
export function listedPackages(gen: DataContext, shop: ShopState): PackageRef[] {
  const hit = listed.get(shop);
  if (hit && hit.version === shop.ordersVersion) return hit.refs;
  const refs: PackageRef[] = [];
  for (const st of shop.orders) {
    if (!packageListed(st)) continue;
    const n = packageCount(gen, shop, st);
    for (let k = 0; k < n; k++) refs.push({ st, k });
  }
  listed.set(shop, { version: shop.ordersVersion, refs });
  return refs;
}

/** The package with this id (any status), decoded from the id (`115` + shop + order + package number + digits). */
export function packageById(gen: DataContext, shop: ShopState, id: string): PackageRef | undefined {
  if (!/^115\d{16}$/.test(id) || Number(id.slice(3, 5)) !== shop.idx) return undefined;
  const st = shop.orders[Number(id.slice(5, 13))];
  const k = Number(id.slice(13, 14));
  if (!st || orderStatic(gen, shop, st).packages[k]?.id !== id) return undefined;
  return { st, k };
}

/** The fields Search Packages and Get Package Detail share. */
function common(ref: PackageRef, os: OrderStatic): Omit<PackageRecord, 'id' | 'status'> {
  const { st } = ref;
  const pkg = at(os.packages, ref.k);
  const lines = pkg.lines.map((k) => at(os.lines, k));
  const skus = new Map<string, { id: string; name: string; image_url: string; quantity: number }>();
  for (const l of lines) {
    const sku = skus.get(l.skuId);
    if (sku) sku.quantity++;
    else skus.set(l.skuId, { id: l.skuId, name: l.skuName, image_url: l.skuImage, quantity: 1 });
  }
  const shipped = st.rts > 0;
  return {
    create_time: packageCreate(st),
    update_time: packageUpdate(st),
    tracking_number: shipped ? pkg.trackingNumber : '',
    shipping_provider_id: shipped ? os.carrier.id : '',
    shipping_provider_name: shipped ? os.carrier.name : '',
    order_line_item_ids: lines.map((l) => l.id),
    orders: [{ id: st.id, skus: [...skus.values()] }],
  };
}

export function packageRecord(gen: DataContext, shop: ShopState, ref: PackageRef): PackageRecord {
  const os = orderStatic(gen, shop, ref.st);
  const status = packageStatus(ref.st);
  // Search lists only shipped packages, whose status is never TO_FULFILL.
  return { id: at(os.packages, ref.k).id, status: status === 'TO_FULFILL' ? 'PROCESSING' : status, ...common(ref, os) };
}

export function packageDetail(gen: DataContext, shop: ShopState, ref: PackageRef): PackageDetail {
  const { st } = ref;
  const os = orderStatic(gen, shop, st);
  const status = packageStatus(st);
  const base = common(ref, os);
  const r = new Rng(gen.seed, shop.idx, STREAM.PACKAGE, st.i, ref.k + 1);
  const kg = r.int(10, 400) / 100;
  const detail: PackageDetail = {
    package_id: at(os.packages, ref.k).id,
    package_status: status,
    package_sub_status: SUB_STATUS[status],
    shipping_type: os.shippingType,
    handover_method: os.handover,
    delivery_option_id: os.deliveryOption.id,
    delivery_option_name: os.deliveryOption.name,
    split_and_combine_tag: os.packages.length > 1 ? 'SPLIT' : 'DEFAULT',
    note_tag: os.message === '' ? 'BUYER_UNNOTED' : 'BUYER_NOTED',
    has_multi_skus: base.orders[0] !== undefined && base.orders[0].skus.length > 1,
    biz_extension_tags: [],
    dimension: { length: String(r.int(10, 60)), width: String(r.int(10, 40)), height: String(r.int(2, 30)), unit: 'CM' },
    weight: { value: String(Math.round(kg * 1000)), unit: 'GRAM' },
    insurance: { is_purchased: false, is_claim_eligible: false, claim_status: 'NOT_STARTED', coverage_amount: '0.00' },
    sender_address: senderAddress(shop),
    recipient_address: recipientAddress(st, os),
    ...base,
  };
  if (shop.info.seller_type === 'CROSS_BORDER' && st.rts > 0) detail.last_mile_tracking_number = 'LM' + r.digits(14);
  if (os.handover === 'PICKUP' && st.rts > 0) detail.pickup_slot = { start_time: st.rts + 2 * HOUR, end_time: st.rts + 6 * HOUR };
  return detail;
}

const ADDRESS_KEYS = ['name', 'phone_number', 'full_address', 'address_detail', 'address_line1', 'address_line2', 'address_line3',
  'address_line4', 'postal_code', 'region_code'] as const;

function pickAddress(source: Record<string, unknown>): PackageAddress {
  const out = {} as Record<(typeof ADDRESS_KEYS)[number], string>;
  for (const key of ADDRESS_KEYS) out[key] = typeof source[key] === 'string' ? source[key] : '';
  return out;
}

/** The recipient as the order shows it (partial before payment, masked with platform logistics). */
function recipientAddress(st: OrderState, os: OrderStatic): PackageAddress {
  const b = os.buyer;
  const json = st.status === 'UNPAID' || st.status === 'ON_HOLD' ? b.addressPartial : os.shippingType === 'TIKTOK' ? b.addressMasked : b.addressFull;
  return pickAddress(JSON.parse(json) as Record<string, unknown>);
}

function senderAddress(shop: ShopState): PackageAddress {
  const m = shop.market;
  const [city = '', state = '', postal = ''] = m.cities[0] ?? [];
  const street = `${1 + (shop.idx % 90)} Warehouse Road`;
  return pickAddress({
    name: shop.info.name, phone_number: '(+1)555****00', full_address: `${street}, ${city}, ${state} ${postal}`, address_detail: street,
    address_line1: street, postal_code: postal, region_code: m.region,
  });
}
