/**
 * Shapes of the records the sandbox serves (subset of docs/tiktok-shop-api.md §5 that it fills in).
 * Money is a decimal string in major units; ids are digit strings; times are Unix seconds.
 */

export type OrderStatus =
  | 'UNPAID'
  | 'ON_HOLD'
  | 'AWAITING_SHIPMENT'
  | 'PARTIALLY_SHIPPING'
  | 'AWAITING_COLLECTION'
  | 'IN_TRANSIT'
  | 'DELIVERED'
  | 'COMPLETED'
  | 'CANCELLED';

export const ORDER_STATUSES: readonly OrderStatus[] = [
  'UNPAID', 'ON_HOLD', 'AWAITING_SHIPMENT', 'PARTIALLY_SHIPPING', 'AWAITING_COLLECTION', 'IN_TRANSIT', 'DELIVERED',
  'COMPLETED', 'CANCELLED',
];

export type ProductStatus =
  | 'DRAFT'
  | 'PENDING'
  | 'FAILED'
  | 'ACTIVATE'
  | 'SELLER_DEACTIVATED'
  | 'PLATFORM_DEACTIVATED'
  | 'FREEZE'
  | 'DELETED';

export const PRODUCT_STATUSES: readonly ProductStatus[] = [
  'DRAFT', 'PENDING', 'FAILED', 'ACTIVATE', 'SELLER_DEACTIVATED', 'PLATFORM_DEACTIVATED', 'FREEZE', 'DELETED',
];

export interface Shop {
  id: string;
  name: string;
  region: string;
  seller_type: 'LOCAL' | 'CROSS_BORDER';
  cipher: string;
  code: string;
}

export interface OrderPayment {
  currency: string;
  sub_total: string;
  shipping_fee: string;
  seller_discount: string;
  platform_discount: string;
  total_amount: string;
  original_total_product_price: string;
  original_shipping_fee: string;
  shipping_fee_seller_discount: string;
  shipping_fee_platform_discount: string;
  shipping_fee_cofunded_discount: string;
  tax: string;
  product_tax: string;
  shipping_fee_tax: string;
  retail_delivery_fee: string;
  buyer_service_fee: string;
  small_order_fee: string;
}

export interface ItemTax {
  tax_type: string;
  tax_amount: string;
  tax_rate: string;
}

export interface OrderLineItem {
  id: string;
  sku_id: string;
  product_id: string;
  seller_sku: string;
  product_name: string;
  sku_name: string;
  sku_image: string;
  sku_type: string;
  display_status: OrderStatus;
  currency: string;
  original_price: string;
  sale_price: string;
  seller_discount: string;
  platform_discount: string;
  item_tax: ItemTax[];
  package_id: string;
  package_status: string;
  shipping_provider_id?: string;
  shipping_provider_name?: string;
  tracking_number?: string;
  rts_time?: number;
  is_gift: boolean;
  cancel_reason?: string;
  cancel_user?: string;
  is_dangerous_good: boolean;
}

export interface DistrictInfo {
  address_level: string;
  address_level_name: string;
  address_name: string;
}

export interface RecipientAddress {
  name?: string;
  first_name?: string;
  last_name?: string;
  phone_number?: string;
  full_address?: string;
  address_detail?: string;
  address_line1?: string;
  address_line2?: string;
  address_line3?: string;
  address_line4?: string;
  postal_code: string;
  region_code: string;
  district_info: DistrictInfo[];
}

export interface Order {
  id: string;
  status: OrderStatus;
  order_type: string;
  commerce_platform: string;
  user_id: string;
  create_time: number;
  update_time: number;
  paid_time?: number;
  rts_sla_time?: number;
  tts_sla_time?: number;
  rts_time?: number;
  collection_time?: number;
  delivery_time?: number;
  cancel_time?: number;
  cancel_reason?: string;
  cancellation_initiator?: string;
  is_buyer_request_cancel: boolean;
  buyer_email: string;
  buyer_message: string;
  fulfillment_type: string;
  shipping_type: string;
  delivery_type: string;
  delivery_option_id: string;
  delivery_option_name: string;
  shipping_provider?: string;
  shipping_provider_id?: string;
  tracking_number?: string;
  warehouse_id: string;
  packages: { id: string }[];
  is_cod: boolean;
  is_on_hold_order: boolean;
  is_sample_order: boolean;
  is_replacement_order: boolean;
  is_exchange_order: boolean;
  has_updated_recipient_address: boolean;
  seller_note: string;
  payment_method_name: string;
  payment: OrderPayment;
  recipient_address: RecipientAddress;
  line_items: OrderLineItem[];
}

export interface PriceDetailAmounts {
  currency: string;
  sku_list_price: string;
  subtotal_deduction_seller: string;
  subtotal_deduction_platform: string;
  sku_sale_price: string;
  subtotal_tax_amount: string;
  subtotal: string;
  shipping_list_price: string;
  shipping_fee_deduction_seller: string;
  shipping_fee_deduction_platform: string;
  shipping_sale_price: string;
  tax_amount: string;
  tax_rate: string;
  net_price_amount: string;
  small_order_fee: string;
  payment: string;
  total: string;
}

export interface PriceDetailLine extends PriceDetailAmounts {
  id: string;
  cod_fee_amount: string;
}

export interface PriceDetail extends PriceDetailAmounts {
  shipping_fee_deduction_platform_voucher: string;
  voucher_deduction_seller: string;
  voucher_deduction_platform: string;
  sku_gift_original_price: string;
  sku_gift_net_price: string;
  cod_fee: string;
  cod_fee_net_amount: string;
  line_items: PriceDetailLine[];
}

export interface ExternalOrder {
  id: string;
  platform: string;
  line_items: { id: string; origin_id: string }[];
}

export interface RefundAmount {
  currency: string;
  refund_total: string;
  refund_subtotal: string;
  refund_shipping_fee: string;
  refund_tax: string;
  retail_delivery_fee?: string;
  buyer_service_fee?: string;
}

export interface ReturnLineItem {
  return_line_item_id: string;
  order_line_item_id: string;
  sku_id: string;
  sku_name: string;
  seller_sku: string;
  product_name: string;
  product_image: { url: string; width: number; height: number };
  refund_amount: RefundAmount;
}

export interface ReturnRecord {
  return_id: string;
  order_id: string;
  return_type: 'REFUND' | 'RETURN_AND_REFUND' | 'REPLACEMENT';
  return_status: string;
  role: string;
  return_reason: string;
  return_reason_text: string;
  create_time: number;
  update_time: number;
  shipment_type: string;
  handover_method: string;
  return_method: string;
  return_tracking_number?: string;
  return_provider_name?: string;
  can_buyer_keep_item: boolean;
  is_combined_return: boolean;
  refund_amount: RefundAmount;
  discount_amount: {
    currency: string;
    product_platform_discount: string;
    product_seller_discount: string;
    shipping_fee_platform_discount: string;
    shipping_fee_seller_discount: string;
  }[];
  shipping_fee_amount: {
    currency: string;
    buyer_paid_return_shipping_fee: string;
    seller_paid_return_shipping_fee: string;
    platform_paid_return_shipping_fee: string;
  }[];
  seller_next_action_response: { action: string; deadline: number }[];
  return_line_items: ReturnLineItem[];
}

/** A cancellation as Search Cancellations returns it (§9.1). */
export interface CancellationRecord {
  cancel_id: string;
  order_id: string;
  cancel_type: 'CANCEL' | 'BUYER_CANCEL';
  cancel_status: string;
  cancel_reason: string;
  cancel_reason_text: string;
  role: 'BUYER' | 'SELLER' | 'SYSTEM';
  create_time: number;
  update_time: number;
  should_replenish_stock: boolean;
  refund_amount: Required<RefundAmount>;
  seller_next_action_response: { action: string; deadline: number }[];
  cancel_line_items: {
    cancel_line_item_id: string;
    order_line_item_id: string;
    sku_id: string;
    sku_name: string;
    seller_sku: string;
    product_name: string;
    product_image: { url: string; width: number; height: number };
    refund_amount: Required<RefundAmount>;
  }[];
}

/** A package as Search Packages returns it (§9.2). */
export interface PackageRecord {
  id: string;
  status: 'PROCESSING' | 'FULFILLING' | 'COMPLETED' | 'CANCELLED';
  create_time: number;
  update_time: number;
  tracking_number: string;
  shipping_provider_id: string;
  shipping_provider_name: string;
  order_line_item_ids: string[];
  orders: { id: string; skus: { id: string; name: string; image_url: string; quantity: number }[] }[];
}

export interface PackageAddress {
  name: string;
  phone_number: string;
  full_address: string;
  address_detail: string;
  address_line1: string;
  address_line2: string;
  address_line3: string;
  address_line4: string;
  postal_code: string;
  region_code: string;
}

/** A package as Get Package Detail returns it (§9.3): `package_id` / `package_status`, not `id` / `status`. */
export interface PackageDetail extends Omit<PackageRecord, 'id' | 'status'> {
  package_id: string;
  package_status: 'TO_FULFILL' | PackageRecord['status'];
  package_sub_status: string;
  shipping_type: string;
  handover_method: 'PICKUP' | 'DROP_OFF';
  delivery_option_id: string;
  delivery_option_name: string;
  split_and_combine_tag: 'DEFAULT' | 'COMBINE' | 'SPLIT';
  note_tag: 'BUYER_UNNOTED' | 'BUYER_NOTED';
  has_multi_skus: boolean;
  last_mile_tracking_number?: string;
  biz_extension_tags: string[];
  pickup_slot?: { start_time: number; end_time: number };
  dimension: { length: string; width: string; height: string; unit: 'CM' | 'INCH' };
  weight: { value: string; unit: 'GRAM' | 'POUND' };
  insurance: { is_purchased: boolean; is_claim_eligible: boolean; claim_status: string; coverage_amount: string };
  sender_address: PackageAddress;
  recipient_address: PackageAddress;
}

export interface ProductSku {
  id: string;
  seller_sku: string;
  external_sku_id: string;
  price: { currency: string; sale_price: string; tax_exclusive_price: string };
  list_price: { amount: string; currency: string };
  inventory: { warehouse_id: string; quantity: number }[];
  sales_attributes: { id: string; name: string; value_id: string; value_name: string }[];
  identifier_code: { code: string; type: string };
  status_info: { status: 'NORMAL' | 'DEACTIVATED' };
}

/** Full product as Get Product returns it. */
export interface Product {
  id: string;
  title: string;
  description: string;
  status: ProductStatus;
  create_time: number;
  update_time: number;
  audit: { status: string; pre_approved_reasons: string[] };
  category_chains: { id: string; parent_id: string; local_name: string; is_leaf: boolean }[];
  brand: { id: string; name: string };
  main_images: { uri: string; urls: string[]; width: number; height: number }[];
  package_weight: { value: string; unit: string };
  package_dimensions: { length: string; width: string; height: string; unit: string };
  external_product_id: string;
  is_cod_allowed: boolean;
  is_not_for_sale: boolean;
  has_draft: boolean;
  is_pre_owned: boolean;
  listing_quality_tier: string;
  minimum_order_quantity: number;
  skus: ProductSku[];
}

/** A product as Search Products (202502) lists it. */
export interface ProductSummary {
  id: string;
  title: string;
  status: ProductStatus;
  create_time: number;
  update_time: number;
  sales_regions: string[];
  is_not_for_sale: boolean;
  listing_quality_tier: string;
  audit: { status: string; pre_approved_reasons: string[] };
  has_draft: boolean;
  skus: {
    id: string;
    seller_sku: string;
    price: { currency: string; sale_price: string; tax_exclusive_price: string };
    list_price: { amount: string; currency: string };
    inventory: { warehouse_id: string; quantity: number }[];
    status_info: { status: 'NORMAL' | 'DEACTIVATED' };
  }[];
}

/** A statement as Get Statements (202309) lists it (§9.5). Money: signed decimal strings in `currency`. */
export interface Statement {
  id: string;
  statement_time: number;
  currency: string;
  revenue_amount: string;
  net_sales_amount: string;
  shipping_cost_amount: string;
  fee_amount: string;
  adjustment_amount: string;
  settlement_amount: string;
  payment_id: string;
  payment_status: 'PROCESSING' | 'PAID' | 'FAILED';
  /** 0 until paid. */
  payment_time: number;
}

/** A `transactions[]` item of Get Statement Transactions 202501 (§9.6); breakdown objects hold money strings. */
export interface StatementTransaction {
  id: string;
  /** `ORDER` or an adjustment type. */
  type: string;
  /** '' for an adjustment. */
  order_id: string;
  adjustment_id: string;
  adjustment_order_id: string;
  associated_order_id: string;
  reserve_id: string;
  reserve_status: string;
  reserve_amount: string;
  estimated_release_time: string;
  order_create_time: number;
  revenue_amount: string;
  shipping_cost_amount: string;
  fee_tax_amount: string;
  adjustment_amount: string;
  settlement_amount: string;
  revenue_breakdown: Record<string, string>;
  shipping_cost_breakdown: Record<string, string> & { supplementary_component: Record<string, string> };
  fee_tax_breakdown: { fee: Record<string, string>; tax: Record<string, string> };
  supplementary_component: Record<string, string>;
}

/** Get Order Transactions 202501 (§9.7): the order's settlement, one row per SKU naming its statement. */
export interface OrderTransactions {
  order_id: string;
  order_create_time: number;
  currency: string;
  revenue_amount: string;
  shipping_cost_amount: string;
  fee_and_tax_amount: string;
  settlement_amount: string;
  total_count: number;
  sku_transactions: {
    statement_id: string;
    sku_id: string;
    sku_name: string;
    product_name: string;
    /** A string in 202501 (§9.7). */
    quantity: string;
    revenue_amount: string;
    shipping_cost_amount: string;
    fee_tax_amount: string;
    settlement_amount: string;
    revenue_breakdown: Record<string, string>;
    shipping_cost_breakdown: Record<string, string> & { supplementary_component: Record<string, string> };
    fee_tax_breakdown: { fee: Record<string, string>; tax: Record<string, string> };
  }[];
}

/** A payment as Get Payments (202309) lists it (§9.5): money as {value, currency}. */
export interface Payment {
  id: string;
  create_time: number;
  /** 0 until paid. */
  paid_time: number;
  status: 'PROCESSING' | 'PAID' | 'FAILED';
  amount: { value: string; currency: string };
  settlement_amount: { value: string; currency: string };
  reserve_amount: { value: string; currency: string };
  payment_amount_before_exchange: { value: string; currency: string };
  exchange_rate: string;
  bank_account: string;
}

/** A withdrawal as Get Withdrawals (202309) lists it (§9.5). */
export interface Withdrawal {
  id: string;
  type: 'WITHDRAW' | 'SETTLE' | 'TRANSFER' | 'REVERSE';
  status: 'PROCESSING' | 'SUCCESS' | 'FAILED';
  amount: string;
  currency: string;
  create_time: number;
}

/** Per-shop counts of an advance: the ids created or changed. */
export interface AdvanceShopResult {
  shop_id: string;
  new_orders: string[];
  updated_orders: string[];
  new_returns: string[];
  updated_returns: string[];
  new_products: string[];
  updated_products: string[];
  /** Cancellations created / changed (by the counts below, and by the orders that moved). */
  new_cancellations: string[];
  updated_cancellations: string[];
  /** Packages that came into Search Packages (their order shipped) / whose status moved on, with the orders. */
  new_packages: string[];
  updated_packages: string[];
  /** Statements of the days the advance closed, and those whose payment status changed (PROCESSING → PAID/FAILED). */
  new_statements: string[];
  updated_statements: string[];
  /** The payments of those statements (one per statement). */
  new_payments: string[];
  updated_payments: string[];
  /** Withdrawals created (a SETTLE per new statement, a REVERSE per failed payment) / whose status changed. */
  new_withdrawals: string[];
  updated_withdrawals: string[];
}

export interface AdvanceResult {
  previous_clock: number;
  clock: number;
  shops: AdvanceShopResult[];
}

export interface AdvanceOptions {
  /** Seconds the sandbox clock moves forward (default 3600). New and changed records get times in (old, new]. */
  seconds?: number;
  newOrders?: number;
  updatedOrders?: number;
  newReturns?: number;
  updatedReturns?: number;
  newProducts?: number;
  updatedProducts?: number;
  /** New buyer requests to cancel orders awaiting shipment (default 1). */
  newCancellations?: number;
  /** Open cancellations moved on without touching their order: a pending request is withdrawn, a successful one
   * refunded (default 1). Cancellations also change when their order does (an order cancelled or shipped). */
  updatedCancellations?: number;
  /**
   * PROCESSING statements (oldest first) whose payment resolves (PAID, or FAILED for ~4 %) at a time inside the
   * advance, besides those due anyway (default 1, so even a short advance changes one when one exists).
   */
  resolveStatements?: number;
}
