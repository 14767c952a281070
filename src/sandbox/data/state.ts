/**
 * The sandbox's in-memory records. Orders are the bulk, so an order keeps only what changes (times, status); the
 * rest (`OrderStatic`) is re-derived from its PRNG stream whenever needed.
 */
import type { Market } from '../regions.js';
import type { OrderStatus, Product, ReturnRecord, Shop } from '../types.js';

export type ReturnKind = ReturnRecord['return_type'];

export interface OrderState {
  i: number;
  id: string;
  create: number;
  update: number;
  status: OrderStatus;
  paid: number;
  rts: number;
  collection: number;
  delivery: number;
  completed: number;
  cancel: number;
  cancelBy: string;
  /** Number of updates since creation (keys the PRNG of the next update). */
  version: number;
  /** Length of the shop's SKU pool when the order was created (its line items pick from that prefix). */
  pool: number;
  hasReturn: boolean;
  /** Index in the shop's `cancellations` of the order's latest cancellation (-1: none). */
  cancelIdx: number;
  /** Number of packages the order ships in (0 = not worked out yet; see packages.ts). */
  packageCount: number;
}

export interface SkuRef {
  p: number;
  s: number;
}

export interface ProductState {
  j: number;
  data: Product;
  prices: number[];
  listPrices: number[];
  version: number;
  detailJson: string | undefined;
  summaryJson: string | undefined;
}

export interface LineStatic {
  id: string;
  /** Pre-rendered `","sku_id":…,"sku_image":"…"` of the SKU. */
  frag: string;
  productId: string;
  skuId: string;
  sellerSku: string;
  productName: string;
  skuName: string;
  skuImage: string;
  skuType: string;
  original: number;
  sellerDisc: number;
  platformDisc: number;
  sale: number;
  tax: number;
  shipList: number;
  shipSeller: number;
  shipPlatform: number;
  shipTax: number;
  smallFee: number;
}

export interface Buyer {
  userId: string;
  email: string;
  state: string;
  /** `,"user_id":…,"buyer_email":…` */
  frag: string;
  addressPartial: string;
  addressMasked: string;
  addressFull: string;
}

export interface Carrier {
  id: string;
  name: string;
}

export interface OrderStatic {
  buyer: Buyer;
  message: string;
  orderType: string;
  fulfillmentType: string;
  shippingType: string;
  deliveryType: string;
  deliveryOption: { id: string; name: string; frag: string };
  carrier: Carrier;
  trackingNumber: string;
  warehouseId: string;
  /** The order's packages (one, or two for a split shipment); the first one's tracking number is the order's. */
  packages: PackageStatic[];
  handover: 'PICKUP' | 'DROP_OFF';
  isCod: boolean;
  isSample: boolean;
  paymentMethod: string;
  lines: LineStatic[];
  shipList: number;
  shipSeller: number;
  shipPlatform: number;
  shipTax: number;
  retailFee: number;
  buyerServiceFee: number;
  smallOrderFee: number;
}

export interface PackageStatic {
  id: string;
  trackingNumber: string;
  /** Indexes into the order's `lines` of the line items this package holds. */
  lines: number[];
}

export type CancelType = 'CANCEL' | 'BUYER_CANCEL';
export type CancelRole = 'BUYER' | 'SELLER' | 'SYSTEM';
export type CancelStatus =
  | 'CANCELLATION_REQUEST_PENDING'
  | 'CANCELLATION_REQUEST_SUCCESS'
  | 'CANCELLATION_REQUEST_CANCEL'
  | 'CANCELLATION_REQUEST_COMPLETE';

/** A cancellation of a whole order (every line item of the order is a cancel line item). */
export interface CancelState {
  seq: number;
  id: string;
  orderIdx: number;
  type: CancelType;
  role: CancelRole;
  status: CancelStatus;
  create: number;
  update: number;
  version: number;
  /** Digits that end every cancel_line_item_id of this cancellation (after the line's position). */
  lineSalt: string;
  json: string | undefined;
}

export interface ReturnState {
  seq: number;
  id: string;
  orderIdx: number;
  type: ReturnKind;
  stage: number;
  alt: string | undefined;
  create: number;
  update: number;
  version: number;
  lineIdx: number[];
  lineIds: string[];
  reason: string;
  reasonText: string;
  shipmentType: string;
  handover: string;
  trackingNumber: string;
  provider: string;
  platformShip: number;
  json: string | undefined;
}

/** A shop's data (opaque outside the sandbox). */
export interface ShopState {
  idx: number;
  info: Shop;
  market: Market;
  warehouses: string[];
  carriers: Carrier[];
  buyers: (Buyer | undefined)[];
  buyerCount: number;
  skuFrags: (string | undefined)[];
  products: ProductState[];
  productById: Map<string, ProductState>;
  pool: SkuRef[];
  productsVersion: number;
  orders: OrderState[];
  orderById: Map<string, OrderState>;
  byUpdate: number[];
  /** Rendered order JSON as bytes (a flat copy: a concatenated string would stay a rope and cost far more memory). */
  orderJson: (Buffer | undefined)[];
  ordersVersion: number;
  /** Position in `byUpdate` the warm-up has reached. */
  warmed: number;
  returns: ReturnState[];
  returnsVersion: number;
  cancellations: CancelState[];
  cancellationsVersion: number;
  queryCache: Map<string, { version: number; list: number[] }>;
}
