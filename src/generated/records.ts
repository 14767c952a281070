// generated from schemas/ by scripts/generate-types.mjs — do not edit

/**
 * One SKU line of an affiliate order, with the creator and content that sold it and the seller's commission, estimated and actual (Search Seller Affiliate Orders orders[].skus[], reference §12.2; version 202410). The API gives a line no id of its own, so it is keyed by its position in the order's list (line_index). Read with its order.
 */
export interface AffiliateOrderSkusRecord {
  /**
   * The order (affiliate_orders.id, orders.id).
   */
  order_id: string;
  /**
   * Position of the line in the order's skus[] as TikTok lists it, from "0" (the key: lines have no id).
   */
  line_index: string;
  /**
   * TikTok shop id the record was read for (added by the tap).
   */
  shop_id: string;
  /**
   * The product sold (products.id).
   */
  product_id?: string | null;
  /**
   * The order's create_time (added by the tap, from the order). Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
   */
  create_time?: number | null;
  /**
   * The creator whose content sold the line.
   */
  creator_username?: string | null;
  /**
   * Format of that content: SHOP, VIDEO, LIVE, PRE_LIVE, PROMOTION_PAGE, LINKSHARE (a free string).
   */
  content_type?: string | null;
  /**
   * The video, LIVE or other content id.
   */
  content_id?: string | null;
  /**
   * Open collaboration the product was in, if any.
   */
  open_collaboration_id?: string | null;
  /**
   * Target collaboration the product was in, if any.
   */
  target_collaboration_id?: string | null;
  /**
   * TAP campaign the product was in, if any.
   */
  campaign_id?: string | null;
  /**
   * Units ordered.
   */
  quantity?: number | null;
  /**
   * Units refunded.
   */
  refunded_quantity?: number | null;
  /**
   * Units returned.
   */
  returned_quantity?: number | null;
  /**
   * Selling price of the SKU. Amount (decimal string) and currency, as TikTok sends them.
   */
  price?: {
    amount?: string | null;
    currency?: string | null;
    [k: string]: unknown;
  } | null;
  /**
   * How the commission is computed (fixed or tiered), as TikTok words it.
   */
  commission_model?: string | null;
  /**
   * The tiers' rates when the model is tiered, as TikTok words it.
   */
  commission_tier_setting?: string | null;
  /**
   * Creator commission rate in hundredths of a percent, as a decimal string (1550 = 15.50%).
   */
  commission_rate?: string | null;
  /**
   * Shop Ads commission rate, in the same unit.
   */
  shop_ads_commission_rate?: string | null;
  /**
   * Estimated base: selling price × quantity. Amount (decimal string) and currency, as TikTok sends them.
   */
  estimated_commission_base?: {
    amount?: string | null;
    currency?: string | null;
    [k: string]: unknown;
  } | null;
  /**
   * Commission the seller is estimated to pay. Amount (decimal string) and currency, as TikTok sends them.
   */
  estimated_paid_commission?: {
    amount?: string | null;
    currency?: string | null;
    [k: string]: unknown;
  } | null;
  /**
   * Shop Ads commission the seller is estimated to pay. Amount (decimal string) and currency, as TikTok sends them.
   */
  estimated_paid_shop_ads_commission?: {
    amount?: string | null;
    currency?: string | null;
    [k: string]: unknown;
  } | null;
  /**
   * The seller's estimated share of a co-funded creator bonus. Amount (decimal string) and currency, as TikTok sends them.
   */
  estimated_cofunded_creator_bonus_amount?: {
    amount?: string | null;
    currency?: string | null;
    [k: string]: unknown;
  } | null;
  /**
   * Actual base: selling price × (quantity − returned or refunded). Amount (decimal string) and currency, as TikTok sends them.
   */
  actual_commission_base?: {
    amount?: string | null;
    currency?: string | null;
    [k: string]: unknown;
  } | null;
  /**
   * Commission the seller actually pays, once settled. Amount (decimal string) and currency, as TikTok sends them.
   */
  actual_paid_commission?: {
    amount?: string | null;
    currency?: string | null;
    [k: string]: unknown;
  } | null;
  /**
   * Shop Ads commission the seller actually pays. Amount (decimal string) and currency, as TikTok sends them.
   */
  actual_paid_shop_ads_commission?: {
    amount?: string | null;
    currency?: string | null;
    [k: string]: unknown;
  } | null;
  /**
   * The seller's actual share of a co-funded creator bonus. Amount (decimal string) and currency, as TikTok sends them.
   */
  actual_cofunded_creator_bonus_amount?: {
    amount?: string | null;
    currency?: string | null;
    [k: string]: unknown;
  } | null;
  [k: string]: unknown;
}

/**
 * An order placed through a creator's content, as the seller's affiliate program sees it (Search Seller Affiliate Orders orders[], reference §12.2; version 202410). Its SKU lines with commissions are in affiliate_order_skus; `id` joins to orders.id. Incremental on create_time, the only time the search filters by, with a trailing re-read window (affiliate_lookback_days): status and actual commissions change after the order is created, until the commission settles.
 */
export interface AffiliateOrdersRecord {
  /**
   * The TikTok order id (orders.id).
   */
  id: string;
  /**
   * TikTok shop id the record was read for (added by the tap).
   */
  shop_id: string;
  /**
   * When the order was placed (replication key). Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
   */
  create_time: number;
  /**
   * When the order was delivered. Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
   */
  delivery_time?: number | null;
  /**
   * Commission settlement status of the order: PROCESSING, COMPLETED, CANCELLED, FROZEN or DEDUCTED (a free string).
   */
  status?: string | null;
  [k: string]: unknown;
}

/**
 * One line of a cancellation (cancel_line_items[] of Search Cancellations, reference §9.1).
 */
export interface CancellationLineItemsRecord {
  /**
   * Cancellation line item id.
   */
  cancel_line_item_id: string;
  /**
   * Parent cancellation id (added by the tap).
   */
  cancel_id: string;
  /**
   * TikTok shop id the record was read for (added by the tap).
   */
  shop_id: string;
  /**
   * TikTok order id of the parent cancellation (added by the tap).
   */
  order_id?: string | null;
  /**
   * The order line item cancelled (order_line_items.id).
   */
  order_line_item_id?: string | null;
  sku_id?: string | null;
  sku_name?: string | null;
  seller_sku?: string | null;
  product_name?: string | null;
  product_image?: {
    url?: string | null;
    /**
     * Pixels.
     */
    width?: number | null;
    /**
     * Pixels.
     */
    height?: number | null;
    [k: string]: unknown;
  } | null;
  /**
   * Refund amounts for this line; decimal strings.
   */
  refund_amount?: {
    /**
     * ISO 4217.
     */
    currency?: string | null;
    /**
     * Decimal string, major units.
     */
    refund_total?: string | null;
    /**
     * Decimal string, major units.
     */
    refund_subtotal?: string | null;
    /**
     * Decimal string, major units.
     */
    refund_shipping_fee?: string | null;
    /**
     * Decimal string, major units.
     */
    refund_tax?: string | null;
    /**
     * Decimal string, major units.
     */
    retail_delivery_fee?: string | null;
    /**
     * Decimal string, major units.
     */
    buyer_service_fee?: string | null;
    [k: string]: unknown;
  } | null;
  /**
   * SKUs of a seller-defined virtual bundle (Search Cancellations 202602, reference §9.1): sub_order_line_item_id joins to the order line's sub_item_info[].id; null for a line that is no bundle.
   */
  cancel_sub_line_items?:
    | {
        cancel_sub_line_item_id?: string | null;
        cancel_line_item_id?: string | null;
        order_line_item_id?: string | null;
        sub_order_line_item_id?: string | null;
        sku_id?: string | null;
        sku_name?: string | null;
        seller_sku?: string | null;
        product_name?: string | null;
        product_image?: {
          url?: string | null;
          /**
           * Pixels.
           */
          width?: number | null;
          /**
           * Pixels.
           */
          height?: number | null;
          [k: string]: unknown;
        } | null;
        /**
         * Decimal strings.
         */
        refund_amount?: {
          /**
           * ISO 4217.
           */
          currency?: string | null;
          /**
           * Decimal string, major units.
           */
          refund_total?: string | null;
          /**
           * Decimal string, major units.
           */
          refund_subtotal?: string | null;
          /**
           * Decimal string, major units.
           */
          refund_shipping_fee?: string | null;
          /**
           * Decimal string, major units.
           */
          refund_tax?: string | null;
          /**
           * Decimal string, major units.
           */
          retail_delivery_fee?: string | null;
          /**
           * Decimal string, major units.
           */
          buyer_service_fee?: string | null;
          [k: string]: unknown;
        } | null;
        [k: string]: unknown;
      }[]
    | null;
  [k: string]: unknown;
}

/**
 * An order cancellation (Search Cancellations cancellations[], reference §9.1) without cancel_line_items (the cancellation_line_items stream). Incremental on update_time.
 */
export interface CancellationsRecord {
  /**
   * Cancellation id.
   */
  cancel_id: string;
  /**
   * TikTok shop id the record was read for (added by the tap).
   */
  shop_id: string;
  /**
   * TikTok order id (orders.id).
   */
  order_id?: string | null;
  /**
   * CANCEL (seller or system) or BUYER_CANCEL; kept a free string (one sample shows REQUEST_CANCEL_REFUND).
   */
  cancel_type?: string | null;
  /**
   * CANCELLATION_REQUEST_PENDING, _SUCCESS, _COMPLETE, and _CANCEL or _CANCELLED (the docs disagree, §9.1): a free string.
   */
  cancel_status?: string | null;
  /**
   * Machine key.
   */
  cancel_reason?: string | null;
  /**
   * Localized text.
   */
  cancel_reason_text?: string | null;
  /**
   * Initiator: BUYER, SELLER, SYSTEM.
   */
  role?: string | null;
  /**
   * Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
   */
  create_time?: number | null;
  /**
   * Replication key. Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
   */
  update_time: number;
  /**
   * Whether the seller should restock once the cancellation succeeds.
   */
  should_replenish_stock?: boolean | null;
  /**
   * Refund amounts of the cancellation; decimal strings.
   */
  refund_amount?: {
    /**
     * ISO 4217.
     */
    currency?: string | null;
    /**
     * Decimal string, major units.
     */
    refund_total?: string | null;
    /**
     * Decimal string, major units.
     */
    refund_subtotal?: string | null;
    /**
     * Decimal string, major units.
     */
    refund_shipping_fee?: string | null;
    /**
     * Decimal string, major units.
     */
    refund_tax?: string | null;
    /**
     * Decimal string, major units.
     */
    retail_delivery_fee?: string | null;
    /**
     * Decimal string, major units.
     */
    buyer_service_fee?: string | null;
    [k: string]: unknown;
  } | null;
  /**
   * What the seller must do next, and by when.
   */
  seller_next_action_response?:
    | {
        action?: string | null;
        /**
         * Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
         */
        deadline?: number | null;
        [k: string]: unknown;
      }[]
    | null;
  [k: string]: unknown;
}

/**
 * One line item pair of an external order reference (reference §5.5). Which of id/origin_id is the TikTok id is disputed (§5.5 CONFLICT); the tap resolves it and fills order_line_item_id and external_line_item_id.
 */
export interface ExternalOrderLineItemsRecord {
  /**
   * TikTok order id.
   */
  order_id: string;
  /**
   * External platform.
   */
  platform: string;
  /**
   * Order id in the external system.
   */
  external_order_id: string;
  /**
   * line_items[].id as sent.
   */
  id: string;
  /**
   * TikTok shop id the record was read for (added by the tap).
   */
  shop_id: string;
  /**
   * line_items[].origin_id as sent.
   */
  origin_id?: string | null;
  /**
   * TikTok line item id (resolved by the tap).
   */
  order_line_item_id?: string | null;
  /**
   * Line item id in the external system (resolved by the tap).
   */
  external_line_item_id?: string | null;
  [k: string]: unknown;
}

/**
 * A reference from a TikTok order to an order in an external system (Get External Order References data.external_orders[], reference §5.5), without line_items.
 */
export interface ExternalOrdersRecord {
  /**
   * TikTok order id.
   */
  order_id: string;
  /**
   * SHOPIFY, WOOCOMMERCE, BIGCOMMERCE, MAGENTO, SALESFORCE_COMMERCE_CLOUD, CHANNEL_ADVISOR, AMAZON, ORDER_MANAGEMENT_SYSTEM, WAREHOUSE_MANAGEMENT_SYSTEM, ERP_SYSTEM.
   */
  platform: string;
  /**
   * Order id in the external system.
   */
  id: string;
  /**
   * TikTok shop id the record was read for (added by the tap).
   */
  shop_id: string;
  [k: string]: unknown;
}

/**
 * Stock of one SKU in one warehouse at the moment the tap read it (Inventory Search inventory[].skus[].warehouse_inventory[], reference §12.1; version 202309): a snapshot of every product the products search lists (not deleted ones), read on every run. Full table: upsert on the key for current stock, or keep every snapshot_time for history. A SKU that lists no warehouse has no row.
 */
export interface InventoryRecord {
  /**
   * SKU id (product_skus.id).
   */
  sku_id: string;
  /**
   * Warehouse id.
   */
  warehouse_id: string;
  /**
   * TikTok shop id the record was read for (added by the tap).
   */
  shop_id: string;
  /**
   * Product id (products.id).
   */
  product_id?: string | null;
  /**
   * The seller's own SKU code.
   */
  seller_sku?: string | null;
  /**
   * Units available for ordering in this warehouse (Get Product's inventory.quantity).
   */
  available_quantity?: number | null;
  /**
   * Units reserved by existing orders in this warehouse.
   */
  committed_quantity?: number | null;
  /**
   * The SKU's available units over all warehouses.
   */
  total_available_quantity?: number | null;
  /**
   * The SKU's reserved units over all warehouses.
   */
  total_committed_quantity?: number | null;
  /**
   * How the SKU's available units are split: campaign_inventory[] {quantity, campaign_name}, creator_inventory[] {quantity, creator_name}, in_shop_inventory {quantity}.
   */
  total_available_inventory_distribution?: {
    [k: string]: unknown;
  } | null;
  /**
   * When the tap read this stock level (added by the tap). Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
   */
  snapshot_time: number;
  [k: string]: unknown;
}

/**
 * One LIVE session's performance on one day (Get Shop LIVE Performance List live_stream_sessions[], one-day windows, reference §10.1, §10.6; version 202509): sessions of the shop's own official accounts. Incremental on date; the last analytics_lookback_days are read again.
 */
export interface LivePerformanceRecord {
  /**
   * LIVE session id.
   */
  id: string;
  /**
   * TikTok shop id the record was read for (added by the tap).
   */
  shop_id: string;
  /**
   * The day the numbers cover, in the shop's time zone, written as 00:00 UTC of that date (the date part is the day; replication key). The last analytics_lookback_days are read again, as TikTok revises recent days. Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
   */
  date: number;
  /**
   * LIVE title.
   */
  title?: string | null;
  /**
   * Host's user name.
   */
  username?: string | null;
  /**
   * When the LIVE started. Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
   */
  start_time?: number | null;
  /**
   * When the LIVE ended. Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
   */
  end_time?: number | null;
  /**
   * GMV of the session (sales_performance.gmv.amount). Decimal string in major units, in `currency`.
   */
  gmv?: string | null;
  /**
   * ISO 4217 code of the amounts (the shop's local currency: the tap asks for LOCAL).
   */
  currency?: string | null;
  /**
   * Sales numbers as sent (reference §10.6). Money objects are {amount: decimal string, currency}; click_to_order_rate is a string as TikTok formats it (the documentation's example: "18%").
   */
  sales_performance?: {
    /**
     * GMV of the session.
     */
    gmv?: {
      amount?: string | null;
      currency?: string | null;
      [k: string]: unknown;
    } | null;
    /**
     * Paid within 24 hours of viewing the LIVE, returns and refunds included.
     */
    '24h_live_gmv'?: {
      amount?: string | null;
      currency?: string | null;
      [k: string]: unknown;
    } | null;
    /**
     * Average price paid per item sold.
     */
    avg_price?: {
      amount?: string | null;
      currency?: string | null;
      [k: string]: unknown;
    } | null;
    /**
     * Customers who ordered from the LIVE.
     */
    customers?: number | null;
    /**
     * Items sold.
     */
    items_sold?: number | null;
    /**
     * Paid SKU orders.
     */
    sku_orders?: number | null;
    /**
     * SKU orders created, unpaid cash-on-delivery and PayLater ones included.
     */
    created_sku_orders?: number | null;
    /**
     * Products added to the LIVE.
     */
    products_added?: number | null;
    /**
     * Distinct products that sold.
     */
    different_products_sold?: number | null;
    /**
     * Purchases per product click, as TikTok formats it.
     */
    click_to_order_rate?: string | null;
    [k: string]: unknown;
  } | null;
  /**
   * Viewing numbers as sent (reference §10.6); only for official and marketing accounts. avg_viewing_duration is seconds as a string; click_through_rate a string as TikTok formats it (the documentation's example: "13.99%").
   */
  interaction_performance?: {
    /**
     * Views.
     */
    views?: number | null;
    /**
     * Unique viewers.
     */
    viewers?: number | null;
    /**
     * Average concurrent users (an average: number).
     */
    acu?: number | null;
    /**
     * Peak concurrent users.
     */
    pcu?: number | null;
    /**
     * Average viewing time per view, in seconds, as a string.
     */
    avg_viewing_duration?: string | null;
    /**
     * Likes.
     */
    likes?: number | null;
    /**
     * Comments.
     */
    comments?: number | null;
    /**
     * Shares.
     */
    shares?: number | null;
    /**
     * New followers.
     */
    new_followers?: number | null;
    /**
     * Product impressions.
     */
    product_impressions?: number | null;
    /**
     * Product clicks.
     */
    product_clicks?: number | null;
    /**
     * Product clicks per view, as TikTok formats it.
     */
    click_through_rate?: string | null;
    [k: string]: unknown;
  } | null;
  [k: string]: unknown;
}

/**
 * Price breakdown of one order line item (Get Price Detail data.line_items[], reference §5.4); the order-level breakdown rides along in order_price_detail. All values are strings.
 */
export interface OrderLineItemPriceDetailRecord {
  /**
   * Order id.
   */
  order_id: string;
  /**
   * Line item id (the id of the price-detail line item).
   */
  line_item_id: string;
  /**
   * TikTok shop id the record was read for (added by the tap).
   */
  shop_id: string;
  /**
   * ISO 4217.
   */
  currency?: string | null;
  /**
   * Total list (MSRP) price of products. Decimal string, major units.
   */
  sku_list_price?: string | null;
  /**
   * sku_list_price - subtotal_deduction_seller - subtotal_deduction_platform. Decimal string, major units.
   */
  sku_sale_price?: string | null;
  /**
   * Product discount funded by the seller. Decimal string, major units.
   */
  subtotal_deduction_seller?: string | null;
  /**
   * Product discount funded by the platform. Decimal string, major units.
   */
  subtotal_deduction_platform?: string | null;
  /**
   * Tax on products. Decimal string, major units.
   */
  subtotal_tax_amount?: string | null;
  /**
   * sku_sale_price + subtotal_tax_amount. Decimal string, major units.
   */
  subtotal?: string | null;
  /**
   * Original shipping price. Decimal string, major units.
   */
  shipping_list_price?: string | null;
  /**
   * Shipping after discounts. Decimal string, major units.
   */
  shipping_sale_price?: string | null;
  /**
   * Shipping discount funded by the seller. Decimal string, major units.
   */
  shipping_fee_deduction_seller?: string | null;
  /**
   * Shipping discount funded by the platform. Decimal string, major units.
   */
  shipping_fee_deduction_platform?: string | null;
  /**
   * Voucher type code (e.g. 1030000 PLATFORM_FREE_SHIPPING), not an amount.
   */
  shipping_fee_deduction_platform_voucher?: string | null;
  /**
   * Voucher type code per the docs (one SDK treats it as an amount); kept as the string sent.
   */
  voucher_deduction_seller?: string | null;
  /**
   * Voucher type code, kept as the string sent.
   */
  voucher_deduction_platform?: string | null;
  /**
   * subtotal_tax_amount + shipping tax + COD-fee tax. Decimal string, major units.
   */
  tax_amount?: string | null;
  /**
   * Decimal string, e.g. 0.021.
   */
  tax_rate?: string | null;
  /**
   * Decimal string, major units.
   */
  net_price_amount?: string | null;
  /**
   * Buyer payment: sku_sale_price + shipping_sale_price + tax_amount + small_order_fee. Decimal string, major units.
   */
  payment?: string | null;
  /**
   * sku_list_price + shipping_list_price. Decimal string, major units.
   */
  total?: string | null;
  /**
   * Named in the payment formula. Decimal string, major units.
   */
  small_order_fee?: string | null;
  /**
   * Gift item list price. Decimal string, major units.
   */
  sku_gift_original_price?: string | null;
  /**
   * Gift item price with tax. Decimal string, major units.
   */
  sku_gift_net_price?: string | null;
  /**
   * Saudi COD fee, else 0.00. Decimal string, major units.
   */
  cod_fee?: string | null;
  /**
   * Decimal string, major units.
   */
  cod_fee_net_amount?: string | null;
  /**
   * Indonesia only. Decimal string, major units.
   */
  distance_fee?: string | null;
  /**
   * Indonesia only. Decimal string, major units.
   */
  distance_shipping_fee?: string | null;
  /**
   * Line-level COD fee (seen in one SDK sample). Decimal string, major units.
   */
  cod_fee_amount?: string | null;
  /**
   * Order-level price detail: every field of data except line_items.
   */
  order_price_detail?: {
    /**
     * ISO 4217.
     */
    currency?: string | null;
    /**
     * Total list (MSRP) price of products. Decimal string, major units.
     */
    sku_list_price?: string | null;
    /**
     * sku_list_price - subtotal_deduction_seller - subtotal_deduction_platform. Decimal string, major units.
     */
    sku_sale_price?: string | null;
    /**
     * Product discount funded by the seller. Decimal string, major units.
     */
    subtotal_deduction_seller?: string | null;
    /**
     * Product discount funded by the platform. Decimal string, major units.
     */
    subtotal_deduction_platform?: string | null;
    /**
     * Tax on products. Decimal string, major units.
     */
    subtotal_tax_amount?: string | null;
    /**
     * sku_sale_price + subtotal_tax_amount. Decimal string, major units.
     */
    subtotal?: string | null;
    /**
     * Original shipping price. Decimal string, major units.
     */
    shipping_list_price?: string | null;
    /**
     * Shipping after discounts. Decimal string, major units.
     */
    shipping_sale_price?: string | null;
    /**
     * Shipping discount funded by the seller. Decimal string, major units.
     */
    shipping_fee_deduction_seller?: string | null;
    /**
     * Shipping discount funded by the platform. Decimal string, major units.
     */
    shipping_fee_deduction_platform?: string | null;
    /**
     * Voucher type code (e.g. 1030000 PLATFORM_FREE_SHIPPING), not an amount.
     */
    shipping_fee_deduction_platform_voucher?: string | null;
    /**
     * Voucher type code per the docs (one SDK treats it as an amount); kept as the string sent.
     */
    voucher_deduction_seller?: string | null;
    /**
     * Voucher type code, kept as the string sent.
     */
    voucher_deduction_platform?: string | null;
    /**
     * subtotal_tax_amount + shipping tax + COD-fee tax. Decimal string, major units.
     */
    tax_amount?: string | null;
    /**
     * Decimal string, e.g. 0.021.
     */
    tax_rate?: string | null;
    /**
     * Decimal string, major units.
     */
    net_price_amount?: string | null;
    /**
     * Buyer payment: sku_sale_price + shipping_sale_price + tax_amount + small_order_fee. Decimal string, major units.
     */
    payment?: string | null;
    /**
     * sku_list_price + shipping_list_price. Decimal string, major units.
     */
    total?: string | null;
    /**
     * Named in the payment formula. Decimal string, major units.
     */
    small_order_fee?: string | null;
    /**
     * Gift item list price. Decimal string, major units.
     */
    sku_gift_original_price?: string | null;
    /**
     * Gift item price with tax. Decimal string, major units.
     */
    sku_gift_net_price?: string | null;
    /**
     * Saudi COD fee, else 0.00. Decimal string, major units.
     */
    cod_fee?: string | null;
    /**
     * Decimal string, major units.
     */
    cod_fee_net_amount?: string | null;
    /**
     * Indonesia only. Decimal string, major units.
     */
    distance_fee?: string | null;
    /**
     * Indonesia only. Decimal string, major units.
     */
    distance_shipping_fee?: string | null;
    [k: string]: unknown;
  } | null;
  [k: string]: unknown;
}

/**
 * One order line item (an element of the order's line_items, reference §5.2). TikTok emits one line item per unit sold; there is no quantity field.
 */
export interface OrderLineItemsRecord {
  /**
   * Line item id (returns refer to it as order_line_item_id).
   */
  id: string;
  /**
   * Parent order id (added by the tap).
   */
  order_id: string;
  /**
   * TikTok shop id the record was read for (added by the tap).
   */
  shop_id: string;
  sku_id?: string | null;
  product_id?: string | null;
  seller_sku?: string | null;
  product_name?: string | null;
  sku_name?: string | null;
  /**
   * Image URL.
   */
  sku_image?: string | null;
  /**
   * NORMAL, PRE_ORDER, ZERO_LOTTERY, SHOP_PARTNER.
   */
  sku_type?: string | null;
  /**
   * Line status, same vocabulary as the order status.
   */
  display_status?: string | null;
  /**
   * Per unit. Decimal string, major units.
   */
  original_price?: string | null;
  /**
   * Per unit. Decimal string, major units.
   */
  sale_price?: string | null;
  /**
   * Decimal string, major units.
   */
  platform_discount?: string | null;
  /**
   * Decimal string, major units.
   */
  seller_discount?: string | null;
  /**
   * ISO 4217.
   */
  currency?: string | null;
  item_tax?:
    | {
        /**
         * e.g. SALES_TAX.
         */
        tax_type?: string | null;
        /**
         * Decimal string, major units.
         */
        tax_amount?: string | null;
        /**
         * Decimal string, e.g. 0.0825.
         */
        tax_rate?: string | null;
        [k: string]: unknown;
      }[]
    | null;
  package_id?: string | null;
  /**
   * TO_FULFILL, PROCESSING, FULFILLING, COMPLETED, CANCELLED.
   */
  package_status?: string | null;
  shipping_provider_id?: string | null;
  shipping_provider_name?: string | null;
  tracking_number?: string | null;
  /**
   * Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
   */
  rts_time?: number | null;
  cancel_reason?: string | null;
  /**
   * BUYER, SELLER, OPERATOR or SYSTEM.
   */
  cancel_user?: string | null;
  is_gift?: boolean | null;
  /**
   * Decimal string, major units.
   */
  gift_retail_price?: string | null;
  /**
   * Decimal string, major units.
   */
  small_order_fee?: string | null;
  /**
   * Decimal string, major units.
   */
  retail_delivery_fee?: string | null;
  /**
   * Decimal string, major units.
   */
  buyer_service_fee?: string | null;
  /**
   * Decimal string, major units.
   */
  pfand_fee?: string | null;
  /**
   * Decimal string, major units.
   */
  shipping_vat_amount?: string | null;
  /**
   * Decimal string.
   */
  shipping_vat_rate?: string | null;
  /**
   * Decimal string, major units.
   */
  distance_shipping_fee?: string | null;
  /**
   * Decimal string, major units.
   */
  distance_fee?: string | null;
  /**
   * Number of days, as a string.
   */
  handling_duration_days?: string | null;
  is_dangerous_good?: boolean | null;
  needs_prescription?: boolean | null;
  is_unboxing_item?: boolean | null;
  is_pod_customized?: boolean | null;
  /**
   * SKUs making up a bundle.
   */
  combined_listing_skus?:
    | {
        /**
         * The component's own line id: a bundle's cancellation and return sub line items name it as sub_order_line_item_id.
         */
        id?: string | null;
        sku_id?: string | null;
        product_id?: string | null;
        seller_sku?: string | null;
        sku_count?: number | null;
        [k: string]: unknown;
      }[]
    | null;
  /**
   * Component items (a subset of the line item shape; other fields pass through).
   */
  sub_item_info?:
    | {
        /**
         * The component's own line id: a bundle's cancellation and return sub line items name it as sub_order_line_item_id.
         */
        id?: string | null;
        sku_id?: string | null;
        product_id?: string | null;
        seller_sku?: string | null;
        product_name?: string | null;
        sku_name?: string | null;
        [k: string]: unknown;
      }[]
    | null;
  unboxing_sku_code?: string | null;
  unboxing_case_list?:
    | {
        unbox_sku?: string | null;
        unbox_sku_type?: string | null;
        [k: string]: unknown;
      }[]
    | null;
  pod_info_id?: string | null;
  /**
   * Live room id.
   */
  room_id?: string | null;
  product_listing_type?: string | null;
  [k: string]: unknown;
}

/**
 * One SKU of an order settled in a statement (Get Order Statement Transactions sku_transactions[], reference §9.7; version 202501): read for every ORDER transaction of a statement whose transactions are read, keeping the rows of that statement. The tap adds shop_id, order_id, order_create_time and the reply's currency. Per order, the rows' settlement_amount adds up to the order's ORDER transaction in statement_transactions (the tap warns when it does not). Money: signed decimal strings in major units. Key (statement_id, order_id, sku_id): the API gives a SKU row no id of its own, and an order has one row per SKU per statement.
 */
export interface OrderSkuTransactionsRecord {
  /**
   * The statement the row settles in (statements.id).
   */
  statement_id: string;
  /**
   * The order (orders.id; added by the tap from the request).
   */
  order_id: string;
  /**
   * The SKU (product_skus.id, order_line_items.sku_id).
   */
  sku_id: string;
  /**
   * TikTok shop id the record was read for (added by the tap).
   */
  shop_id: string;
  /**
   * ISO 4217 currency of the amounts (the reply's, else the statement's).
   */
  currency?: string | null;
  /**
   * When the order was placed (from the reply). Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
   */
  order_create_time?: number | null;
  /**
   * SKU name.
   */
  sku_name?: string | null;
  /**
   * Product name.
   */
  product_name?: string | null;
  /**
   * Units of the SKU in the order (a string in 202501).
   */
  quantity?: string | null;
  /**
   * Revenue of this SKU: the sum of revenue_breakdown.
   */
  revenue_amount?: string | null;
  /**
   * Shipping cost attributed to this SKU.
   */
  shipping_cost_amount?: string | null;
  /**
   * Fees and taxes of this SKU.
   */
  fee_tax_amount?: string | null;
  /**
   * What this SKU settles for: revenue, shipping cost, fees and taxes together.
   */
  settlement_amount?: string | null;
  /**
   * Subtotal before discount, seller discount, refunds, COD service fee, ... (as sent).
   */
  revenue_breakdown?: {
    [k: string]: unknown;
  } | null;
  /**
   * Shipping cost parts, with supplementary_component (as sent).
   */
  shipping_cost_breakdown?: {
    [k: string]: unknown;
  } | null;
  /**
   * fee (commissions, service, affiliate, ads fees, ...) and tax (VAT, GST, duties, ...), as sent.
   */
  fee_tax_breakdown?: {
    [k: string]: unknown;
  } | null;
  [k: string]: unknown;
}

/**
 * An order (Search Orders / Get Order Detail, reference §5.2-5.3) without line_items, which are the order_line_items stream. Incremental on update_time.
 */
export interface OrdersRecord {
  /**
   * Order id.
   */
  id: string;
  /**
   * TikTok shop id the record was read for (added by the tap).
   */
  shop_id: string;
  /**
   * UNPAID, ON_HOLD, AWAITING_SHIPMENT, PARTIALLY_SHIPPING, AWAITING_COLLECTION, IN_TRANSIT, DELIVERED, COMPLETED, CANCELLED.
   */
  status?: string | null;
  /**
   * e.g. NORMAL, ZERO_LOTTERY, PRE_ORDER.
   */
  order_type?: string | null;
  /**
   * e.g. TIKTOK_SHOP.
   */
  commerce_platform?: string | null;
  /**
   * Buyer id.
   */
  user_id?: string | null;
  /**
   * Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
   */
  create_time?: number | null;
  /**
   * Time of the last order status change; replication key. Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
   */
  update_time: number;
  /**
   * Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
   */
  paid_time?: number | null;
  /**
   * Seller marked ready to ship. Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
   */
  rts_time?: number | null;
  /**
   * Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
   */
  rts_sla_time?: number | null;
  /**
   * Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
   */
  tts_sla_time?: number | null;
  /**
   * Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
   */
  cancel_order_sla_time?: number | null;
  /**
   * Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
   */
  delivery_sla_time?: number | null;
  /**
   * Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
   */
  shipping_due_time?: number | null;
  /**
   * Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
   */
  collection_due_time?: number | null;
  /**
   * Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
   */
  delivery_due_time?: number | null;
  /**
   * Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
   */
  delivery_option_required_delivery_time?: number | null;
  /**
   * Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
   */
  pick_up_cut_off_time?: number | null;
  /**
   * Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
   */
  fast_dispatch_sla_time?: number | null;
  /**
   * Moved to IN_TRANSIT. Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
   */
  collection_time?: number | null;
  /**
   * Moved to DELIVERED. Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
   */
  delivery_time?: number | null;
  /**
   * Moved to CANCELLED. Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
   */
  cancel_time?: number | null;
  /**
   * Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
   */
  request_cancel_time?: number | null;
  /**
   * Pre-order release date. Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
   */
  release_date?: number | null;
  /**
   * Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
   */
  recommended_shipping_time?: number | null;
  /**
   * Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
   */
  instore_pickup_sla_time?: number | null;
  /**
   * Anonymised relay address.
   */
  buyer_email?: string | null;
  buyer_message?: string | null;
  buyer_nickname?: string | null;
  buyer_avatar?: string | null;
  /**
   * Brazil tax id.
   */
  cpf?: string | null;
  cpf_name?: string | null;
  cancel_reason?: string | null;
  /**
   * SELLER, BUYER or SYSTEM.
   */
  cancellation_initiator?: string | null;
  is_buyer_request_cancel?: boolean | null;
  /**
   * FULFILLMENT_BY_SELLER or FULFILLMENT_BY_TIKTOK.
   */
  fulfillment_type?: string | null;
  /**
   * TIKTOK or SELLER.
   */
  shipping_type?: string | null;
  /**
   * HOME_DELIVERY or COLLECTION_POINT.
   */
  delivery_type?: string | null;
  delivery_option_id?: string | null;
  delivery_option_name?: string | null;
  shipping_provider?: string | null;
  shipping_provider_id?: string | null;
  tracking_number?: string | null;
  warehouse_id?: string | null;
  /**
   * COMBINED or SPLIT.
   */
  split_or_combine_tag?: string | null;
  auto_combine_group_id?: string | null;
  packages?:
    | {
        /**
         * Package id.
         */
        id?: string | null;
        [k: string]: unknown;
      }[]
    | null;
  handling_duration?: {
    /**
     * Number of days, as a string.
     */
    days?: string | null;
    /**
     * CALENDAR_DAY or BUSINESS_DAY.
     */
    type?: string | null;
    [k: string]: unknown;
  } | null;
  fast_delivery_program?: string | null;
  fulfillment_priority_level?: number | null;
  has_updated_recipient_address?: boolean | null;
  is_cod?: boolean | null;
  is_on_hold_order?: boolean | null;
  is_sample_order?: boolean | null;
  is_replacement_order?: boolean | null;
  replaced_order_id?: string | null;
  is_exchange_order?: boolean | null;
  exchange_source_order_id?: string | null;
  is_subscription_order?: boolean | null;
  is_refundable_sample?: boolean | null;
  authentication_required?: boolean | null;
  seller_note?: string | null;
  /**
   * UNKNOWN, NEED_INVOICE or NO_NEED (Brazil).
   */
  need_upload_invoice?: string | null;
  consultation_id?: string | null;
  order_rights?: number[] | null;
  payment_method_name?: string | null;
  payment_method_code?: string | null;
  payment_card_type?: string | null;
  payment_auth_code?: string | null;
  channel_entity_national_registry_id?: string | null;
  /**
   * Order amounts; money values are decimal strings in the sibling currency.
   */
  payment?: {
    /**
     * ISO 4217.
     */
    currency?: string | null;
    /**
     * original_total_product_price - seller_discount - platform_discount. Decimal string, major units.
     */
    sub_total?: string | null;
    /**
     * original_shipping_fee - shipping_fee_seller_discount - shipping_fee_platform_discount. Decimal string, major units.
     */
    shipping_fee?: string | null;
    /**
     * Decimal string, major units.
     */
    seller_discount?: string | null;
    /**
     * Decimal string, major units.
     */
    platform_discount?: string | null;
    /**
     * sub_total + shipping_fee + taxes + retail_delivery_fee. Decimal string, major units.
     */
    total_amount?: string | null;
    /**
     * Decimal string, major units.
     */
    original_total_product_price?: string | null;
    /**
     * Decimal string, major units.
     */
    original_shipping_fee?: string | null;
    /**
     * Decimal string, major units.
     */
    shipping_fee_seller_discount?: string | null;
    /**
     * Decimal string, major units.
     */
    shipping_fee_platform_discount?: string | null;
    /**
     * Decimal string, major units.
     */
    shipping_fee_cofunded_discount?: string | null;
    /**
     * Decimal string, major units.
     */
    tax?: string | null;
    /**
     * Decimal string, major units.
     */
    product_tax?: string | null;
    /**
     * Decimal string, major units.
     */
    shipping_fee_tax?: string | null;
    /**
     * TH. Decimal string, major units.
     */
    small_order_fee?: string | null;
    /**
     * US. Decimal string, major units.
     */
    retail_delivery_fee?: string | null;
    /**
     * ID. Decimal string, major units.
     */
    buyer_service_fee?: string | null;
    /**
     * Decimal string, major units.
     */
    handling_fee?: string | null;
    /**
     * Decimal string, major units.
     */
    shipping_insurance_fee?: string | null;
    /**
     * Decimal string, major units.
     */
    item_insurance_fee?: string | null;
    /**
     * Decimal string, major units.
     */
    item_insurance_tax?: string | null;
    /**
     * Decimal string, major units.
     */
    payment_platform_discount?: string | null;
    /**
     * Decimal string, major units.
     */
    payment_discount_service_fee?: string | null;
    /**
     * ID. Decimal string, major units.
     */
    distance_shipping_fee?: string | null;
    /**
     * ID. Decimal string, major units.
     */
    distance_fee?: string | null;
    [k: string]: unknown;
  } | null;
  /**
   * Shipping address; absent or partial while UNPAID/ON_HOLD.
   */
  recipient_address?: {
    full_address?: string | null;
    /**
     * Masked for platform-logistics orders.
     */
    name?: string | null;
    first_name?: string | null;
    last_name?: string | null;
    /**
     * JP.
     */
    first_name_local_script?: string | null;
    /**
     * JP.
     */
    last_name_local_script?: string | null;
    /**
     * Masked for platform-logistics orders.
     */
    phone_number?: string | null;
    address_detail?: string | null;
    address_line1?: string | null;
    address_line2?: string | null;
    address_line3?: string | null;
    address_line4?: string | null;
    postal_code?: string | null;
    region_code?: string | null;
    /**
     * UK.
     */
    post_town?: string | null;
    district_info?:
      | {
          /**
           * L0 (country) to L4.
           */
          address_level?: string | null;
          address_level_name?: string | null;
          address_name?: string | null;
          iso_code?: string | null;
          [k: string]: unknown;
        }[]
      | null;
    delivery_preferences?: {
      drop_off_location?: string | null;
      [k: string]: unknown;
    } | null;
    [k: string]: unknown;
  } | null;
  [k: string]: unknown;
}

/**
 * A package (Search Packages packages[], reference §9.2), with what Get Package Detail adds (§9.3) when package_detail is on. Incremental on update_time.
 */
export interface PackagesRecord {
  /**
   * Package id (Get Package Detail calls it package_id).
   */
  id: string;
  /**
   * TikTok shop id the record was read for (added by the tap).
   */
  shop_id: string;
  /**
   * PROCESSING, FULFILLING, COMPLETED, CANCELLED; detail adds TO_FULFILL (Get Package Detail calls it package_status).
   */
  status?: string | null;
  /**
   * Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
   */
  create_time?: number | null;
  /**
   * Replication key. Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
   */
  update_time: number;
  tracking_number?: string | null;
  shipping_provider_id?: string | null;
  shipping_provider_name?: string | null;
  /**
   * TikTok order ids in the package (orders.id; from orders[].id, added by the tap).
   */
  order_ids?: string[] | null;
  /**
   * Order line items in the package (order_line_items.id).
   */
  order_line_item_ids?: string[] | null;
  /**
   * Orders in the package; skus[] is deprecated by TikTok.
   */
  orders?:
    | {
        id?: string | null;
        skus?:
          | {
              id?: string | null;
              name?: string | null;
              image_url?: string | null;
              quantity?: number | null;
              [k: string]: unknown;
            }[]
          | null;
        [k: string]: unknown;
      }[]
    | null;
  /**
   * Detail only: ISSUE, CREATED, STOCKING, RTSING, RTS_success, HBW, HBWING, TTS, Delivery, Ship_exception (mixed case as documented).
   */
  package_sub_status?: string | null;
  /**
   * Detail only.
   */
  ship_exception_reason?: string | null;
  /**
   * Detail only: TIKTOK or SELLER.
   */
  shipping_type?: string | null;
  /**
   * Detail only: PICKUP or DROP_OFF.
   */
  handover_method?: string | null;
  /**
   * Detail only.
   */
  delivery_option_id?: string | null;
  /**
   * Detail only.
   */
  delivery_option_name?: string | null;
  /**
   * Detail only: DEFAULT, COMBINE, SPLIT.
   */
  split_and_combine_tag?: string | null;
  /**
   * Detail only: BUYER_UNNOTED or BUYER_NOTED.
   */
  note_tag?: string | null;
  /**
   * Detail only.
   */
  has_multi_skus?: boolean | null;
  /**
   * Detail only; cross-border.
   */
  last_mile_tracking_number?: string | null;
  /**
   * Detail only.
   */
  biz_extension_tags?: string[] | null;
  /**
   * Detail only.
   */
  pickup_slot?: {
    /**
     * Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
     */
    start_time?: number | null;
    /**
     * Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
     */
    end_time?: number | null;
    [k: string]: unknown;
  } | null;
  /**
   * Detail only; decimal strings.
   */
  dimension?: {
    length?: string | null;
    width?: string | null;
    height?: string | null;
    /**
     * CM or INCH.
     */
    unit?: string | null;
    [k: string]: unknown;
  } | null;
  /**
   * Detail only; decimal string.
   */
  weight?: {
    value?: string | null;
    /**
     * GRAM or POUND.
     */
    unit?: string | null;
    [k: string]: unknown;
  } | null;
  /**
   * Detail only.
   */
  insurance?: {
    is_purchased?: boolean | null;
    is_claim_eligible?: boolean | null;
    claim_status?: string | null;
    /**
     * Decimal string, USD.
     */
    coverage_amount?: string | null;
    [k: string]: unknown;
  } | null;
  sender_address?: {
    name?: string | null;
    phone_number?: string | null;
    full_address?: string | null;
    address_detail?: string | null;
    address_line1?: string | null;
    address_line2?: string | null;
    address_line3?: string | null;
    address_line4?: string | null;
    postal_code?: string | null;
    region_code?: string | null;
    [k: string]: unknown;
  } | null;
  recipient_address?: {
    name?: string | null;
    phone_number?: string | null;
    full_address?: string | null;
    address_detail?: string | null;
    address_line1?: string | null;
    address_line2?: string | null;
    address_line3?: string | null;
    address_line4?: string | null;
    postal_code?: string | null;
    region_code?: string | null;
    [k: string]: unknown;
  } | null;
  [k: string]: unknown;
}

/**
 * A payment of settled money to the seller's bank account (Get Payments payments[], reference §9.4-9.5; version 202309). Incremental on create_time with a trailing re-read window (finance_lookback_days): status changes after creation (PROCESSING to PAID or FAILED, §9.9). Amounts are {value, currency} objects, kept as the API sends them.
 */
export interface PaymentsRecord {
  /**
   * Payment id (statements.payment_id).
   */
  id: string;
  /**
   * TikTok shop id the record was read for (added by the tap).
   */
  shop_id: string;
  /**
   * When the payment was initiated (replication key). Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
   */
  create_time: number;
  /**
   * When the payment succeeded. Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
   */
  paid_time?: number | null;
  /**
   * PAID, FAILED or PROCESSING.
   */
  status?: string | null;
  /**
   * The amount paid: value (decimal string) and currency.
   */
  amount?: {
    /**
     * Decimal string in major units.
     */
    value?: string | null;
    /**
     * ISO 4217.
     */
    currency?: string | null;
    [k: string]: unknown;
  } | null;
  /**
   * The settlement amount behind the payment.
   */
  settlement_amount?: {
    /**
     * Decimal string in major units.
     */
    value?: string | null;
    /**
     * ISO 4217.
     */
    currency?: string | null;
    [k: string]: unknown;
  } | null;
  /**
   * The amount held in reserve.
   */
  reserve_amount?: {
    /**
     * Decimal string in major units.
     */
    value?: string | null;
    /**
     * ISO 4217.
     */
    currency?: string | null;
    [k: string]: unknown;
  } | null;
  /**
   * The amount before currency exchange.
   */
  payment_amount_before_exchange?: {
    /**
     * Decimal string in major units.
     */
    value?: string | null;
    /**
     * ISO 4217.
     */
    currency?: string | null;
    [k: string]: unknown;
  } | null;
  /**
   * Exchange rate, a decimal string (6 decimals).
   */
  exchange_rate?: string | null;
  /**
   * The bank account paid into, masked (last 4 digits).
   */
  bank_account?: string | null;
  [k: string]: unknown;
}

/**
 * One product's sales on one day (Get Shop Product Performance List products[], one-day windows, reference §10.1, §10.3; version 202509). Incremental on date; the last analytics_lookback_days are read again.
 */
export interface ProductPerformanceRecord {
  /**
   * Product id.
   */
  id: string;
  /**
   * TikTok shop id the record was read for (added by the tap).
   */
  shop_id: string;
  /**
   * The day the numbers cover, in the shop's time zone, written as 00:00 UTC of that date (the date part is the day; replication key). The last analytics_lookback_days are read again, as TikTok revises recent days. Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
   */
  date: number;
  /**
   * GMV of the product that day (overall_performance.gmv.amount). Decimal string in major units, in `currency`.
   */
  gmv?: string | null;
  /**
   * ISO 4217 code of the amounts (the shop's local currency: the tap asks for LOCAL).
   */
  currency?: string | null;
  /**
   * Items sold.
   */
  items_sold?: number | null;
  /**
   * Orders.
   */
  orders?: number | null;
  [k: string]: unknown;
}

/**
 * One product SKU: union of the Search Products SKU fields (reference §5.8) and Get Product SKU fields (§5.9).
 */
export interface ProductSkusRecord {
  /**
   * SKU id.
   */
  id: string;
  /**
   * Parent product id (added by the tap).
   */
  product_id: string;
  /**
   * TikTok shop id the record was read for (added by the tap).
   */
  shop_id: string;
  seller_sku?: string | null;
  /**
   * SKU id in an external system.
   */
  external_sku_id?: string | null;
  price?: {
    /**
     * ISO 4217.
     */
    currency?: string | null;
    /**
     * Display price before discounts. Decimal string, major units.
     */
    sale_price?: string | null;
    /**
     * Pre-tax price (equals sale_price where not applicable). Decimal string, major units.
     */
    tax_exclusive_price?: string | null;
    /**
     * Decimal string, major units.
     */
    starting_bid_price?: string | null;
    /**
     * sale_price / (sku unit count / base unit count). Decimal string, major units.
     */
    unit_price?: string | null;
    [k: string]: unknown;
  } | null;
  list_price?: {
    /**
     * Decimal string, major units.
     */
    amount?: string | null;
    currency?: string | null;
    [k: string]: unknown;
  } | null;
  external_list_prices?:
    | {
        /**
         * e.g. SHOPIFY_COMPARE_AT_PRICE.
         */
        source?: string | null;
        /**
         * Decimal string, major units.
         */
        amount?: string | null;
        currency?: string | null;
        [k: string]: unknown;
      }[]
    | null;
  inventory?:
    | {
        warehouse_id?: string | null;
        quantity?: number | null;
        backorder_quantity?: number | null;
        handling_time?: number | null;
        [k: string]: unknown;
      }[]
    | null;
  pre_sale?: {
    type?: string | null;
    fulfillment_type?: {
      handling_duration_days?: number | null;
      /**
       * Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
       */
      release_date?: number | null;
      [k: string]: unknown;
    } | null;
    [k: string]: unknown;
  } | null;
  status_info?: {
    /**
     * NORMAL or DEACTIVATED.
     */
    status?: string | null;
    deactivation_source?: string | null;
    [k: string]: unknown;
  } | null;
  fees?:
    | {
        /**
         * e.g. PFAND.
         */
        type?: string | null;
        /**
         * Decimal string, major units.
         */
        amount?: string | null;
        additional_attribute?: string | null;
        [k: string]: unknown;
      }[]
    | null;
  sales_attributes?:
    | {
        id?: string | null;
        name?: string | null;
        value_id?: string | null;
        value_name?: string | null;
        sku_img?: {
          uri?: string | null;
          urls?: string[] | null;
          thumb_urls?: string[] | null;
          /**
           * Pixels.
           */
          width?: number | null;
          /**
           * Pixels.
           */
          height?: number | null;
          [k: string]: unknown;
        } | null;
        [k: string]: unknown;
      }[]
    | null;
  identifier_code?: {
    code?: string | null;
    /**
     * GTIN, EAN, UPC, ISBN or JAN.
     */
    type?: string | null;
    [k: string]: unknown;
  } | null;
  /**
   * Decimal string.
   */
  sku_unit_count?: string | null;
  combined_skus?:
    | {
        product_id?: string | null;
        sku_id?: string | null;
        sku_count?: number | null;
        [k: string]: unknown;
      }[]
    | null;
  global_listing_policy?: {
    price_sync?: boolean | null;
    /**
     * SHARED or EXCLUSIVE.
     */
    inventory_type?: string | null;
    replicate_source?: {
      product_id?: string | null;
      shop_id?: string | null;
      sku_id?: string | null;
      [k: string]: unknown;
    } | null;
    [k: string]: unknown;
  } | null;
  [k: string]: unknown;
}

/**
 * A product: Get Product detail (reference §5.9) merged with the Search Products summary fields (§5.8), without skus (the product_skus stream). Incremental on update_time.
 */
export interface ProductsRecord {
  /**
   * Product id.
   */
  id: string;
  /**
   * TikTok shop id the record was read for (added by the tap).
   */
  shop_id: string;
  title?: string | null;
  /**
   * HTML.
   */
  description?: string | null;
  /**
   * DRAFT, PENDING, FAILED, ACTIVATE, SELLER_DEACTIVATED, PLATFORM_DEACTIVATED, FREEZE, DELETED.
   */
  status?: string | null;
  /**
   * Status without audit (INITIAL, DRAFT, ...).
   */
  product_status?: string | null;
  /**
   * Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
   */
  create_time?: number | null;
  /**
   * Replication key. Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
   */
  update_time: number;
  /**
   * Audit state.
   */
  audit?: {
    /**
     * NONE, AUDITING, FAILED, PRE_APPROVED, APPROVED.
     */
    status?: string | null;
    pre_approved_reasons?: string[] | null;
    [k: string]: unknown;
  } | null;
  audit_failed_reasons?:
    | {
        listing_platform?: string | null;
        position?: string | null;
        reasons?: string[] | null;
        suggestions?: string[] | null;
        [k: string]: unknown;
      }[]
    | null;
  category_chains?:
    | {
        id?: string | null;
        /**
         * "0" for a first-level category.
         */
        parent_id?: string | null;
        local_name?: string | null;
        is_leaf?: boolean | null;
        [k: string]: unknown;
      }[]
    | null;
  brand?: {
    id?: string | null;
    name?: string | null;
    [k: string]: unknown;
  } | null;
  main_images?:
    | {
        uri?: string | null;
        urls?: string[] | null;
        thumb_urls?: string[] | null;
        /**
         * Pixels.
         */
        width?: number | null;
        /**
         * Pixels.
         */
        height?: number | null;
        [k: string]: unknown;
      }[]
    | null;
  video?: {
    id?: string | null;
    url?: string | null;
    cover_url?: string | null;
    format?: string | null;
    /**
     * Pixels.
     */
    width?: number | null;
    /**
     * Pixels.
     */
    height?: number | null;
    size?: number | null;
    [k: string]: unknown;
  } | null;
  package_weight?: {
    /**
     * Decimal string.
     */
    value?: string | null;
    /**
     * KILOGRAM or POUND.
     */
    unit?: string | null;
    [k: string]: unknown;
  } | null;
  package_dimensions?: {
    /**
     * Decimal string.
     */
    length?: string | null;
    /**
     * Decimal string.
     */
    width?: string | null;
    /**
     * Decimal string.
     */
    height?: string | null;
    /**
     * e.g. CENTIMETER, INCH.
     */
    unit?: string | null;
    [k: string]: unknown;
  } | null;
  product_attributes?:
    | {
        id?: string | null;
        name?: string | null;
        values?:
          | {
              id?: string | null;
              name?: string | null;
              [k: string]: unknown;
            }[]
          | null;
        [k: string]: unknown;
      }[]
    | null;
  certifications?:
    | {
        id?: string | null;
        title?: string | null;
        files?:
          | {
              id?: string | null;
              urls?: string[] | null;
              name?: string | null;
              format?: string | null;
              [k: string]: unknown;
            }[]
          | null;
        images?:
          | {
              uri?: string | null;
              urls?: string[] | null;
              thumb_urls?: string[] | null;
              /**
               * Pixels.
               */
              width?: number | null;
              /**
               * Pixels.
               */
              height?: number | null;
              [k: string]: unknown;
            }[]
          | null;
        [k: string]: unknown;
      }[]
    | null;
  size_chart?: {
    image?: {
      uri?: string | null;
      urls?: string[] | null;
      thumb_urls?: string[] | null;
      /**
       * Pixels.
       */
      width?: number | null;
      /**
       * Pixels.
       */
      height?: number | null;
      [k: string]: unknown;
    } | null;
    template?: {
      id?: string | null;
      [k: string]: unknown;
    } | null;
    [k: string]: unknown;
  } | null;
  delivery_options?:
    | {
        id?: string | null;
        name?: string | null;
        is_available?: boolean | null;
        [k: string]: unknown;
      }[]
    | null;
  manufacturer_ids?: string[] | null;
  responsible_person_ids?: string[] | null;
  /**
   * Product id in an external system.
   */
  external_product_id?: string | null;
  is_cod_allowed?: boolean | null;
  /**
   * Gift-only product.
   */
  is_not_for_sale?: boolean | null;
  has_draft?: boolean | null;
  is_pre_owned?: boolean | null;
  is_replicated?: boolean | null;
  /**
   * COMBINED_PRODUCT, IN_COMBINED_PRODUCT, GPR_TARGET_PRODUCT. Documented as an array; one SDK sample sends a string, which the tap wraps in an array so the column has one type.
   */
  product_types?: string[] | null;
  /**
   * POOR, FAIR or GOOD (US).
   */
  listing_quality_tier?: string | null;
  shipping_template_id?: string | null;
  minimum_order_quantity?: number | null;
  sales_regions?: string[] | null;
  recommended_categories?:
    | {
        id?: string | null;
        local_name?: string | null;
        [k: string]: unknown;
      }[]
    | null;
  integrated_platform_statuses?:
    | {
        platform?: string | null;
        status?: string | null;
        [k: string]: unknown;
      }[]
    | null;
  product_sync_fail_reasons?: string[] | null;
  product_families?:
    | {
        id?: string | null;
        products?:
          | {
              id?: string | null;
              [k: string]: unknown;
            }[]
          | null;
        [k: string]: unknown;
      }[]
    | null;
  scheduled_sale?: {
    is_enabled_scheduled_sale?: boolean | null;
    /**
     * Integer timestamp; the sample value looks like Unix MILLISECONDS, not seconds.
     */
    schedule_sale_time?: number | null;
    [k: string]: unknown;
  } | null;
  product_tags?: string[] | null;
  selling_format?: string | null;
  [k: string]: unknown;
}

/**
 * One line of a return (return_line_items[] of Search Returns, reference §5.6).
 */
export interface ReturnLineItemsRecord {
  /**
   * Return line item id.
   */
  return_line_item_id: string;
  /**
   * Parent return id (added by the tap).
   */
  return_id: string;
  /**
   * TikTok shop id the record was read for (added by the tap).
   */
  shop_id: string;
  /**
   * TikTok order id of the parent return (added by the tap).
   */
  order_id?: string | null;
  /**
   * The order line item returned (order_line_items.id).
   */
  order_line_item_id?: string | null;
  sku_id?: string | null;
  sku_name?: string | null;
  seller_sku?: string | null;
  product_name?: string | null;
  product_image?: {
    url?: string | null;
    /**
     * Pixels.
     */
    width?: number | null;
    /**
     * Pixels.
     */
    height?: number | null;
    [k: string]: unknown;
  } | null;
  /**
   * Refund amounts for this line; decimal strings.
   */
  refund_amount?: {
    /**
     * ISO 4217.
     */
    currency?: string | null;
    /**
     * Decimal string, major units.
     */
    refund_total?: string | null;
    /**
     * Decimal string, major units.
     */
    refund_subtotal?: string | null;
    /**
     * Decimal string, major units.
     */
    refund_shipping_fee?: string | null;
    /**
     * Decimal string, major units.
     */
    refund_tax?: string | null;
    /**
     * Decimal string, major units.
     */
    retail_delivery_fee?: string | null;
    /**
     * Decimal string, major units.
     */
    buyer_service_fee?: string | null;
    [k: string]: unknown;
  } | null;
  /**
   * SKUs of a seller-defined virtual bundle (Search Returns 202602, reference §5.6): sub_order_line_item_id joins to the order line's sub_item_info[].id; null for a line that is no bundle.
   */
  return_sub_line_items?:
    | {
        return_sub_line_item_id?: string | null;
        return_line_item_id?: string | null;
        order_line_item_id?: string | null;
        sub_order_line_item_id?: string | null;
        sku_id?: string | null;
        sku_name?: string | null;
        seller_sku?: string | null;
        product_name?: string | null;
        product_image?: {
          url?: string | null;
          /**
           * Pixels.
           */
          width?: number | null;
          /**
           * Pixels.
           */
          height?: number | null;
          [k: string]: unknown;
        } | null;
        /**
         * Decimal strings.
         */
        refund_amount?: {
          /**
           * ISO 4217.
           */
          currency?: string | null;
          /**
           * Decimal string, major units.
           */
          refund_total?: string | null;
          /**
           * Decimal string, major units.
           */
          refund_subtotal?: string | null;
          /**
           * Decimal string, major units.
           */
          refund_shipping_fee?: string | null;
          /**
           * Decimal string, major units.
           */
          refund_tax?: string | null;
          /**
           * Decimal string, major units.
           */
          retail_delivery_fee?: string | null;
          /**
           * Decimal string, major units.
           */
          buyer_service_fee?: string | null;
          [k: string]: unknown;
        } | null;
        [k: string]: unknown;
      }[]
    | null;
  [k: string]: unknown;
}

/**
 * A return or refund request (Search Returns return_orders[], reference §5.6) without return_line_items (the return_line_items stream). Incremental on update_time.
 */
export interface ReturnsRecord {
  /**
   * Return id.
   */
  return_id: string;
  /**
   * TikTok shop id the record was read for (added by the tap).
   */
  shop_id: string;
  /**
   * TikTok order id.
   */
  order_id?: string | null;
  /**
   * REFUND, RETURN_AND_REFUND or REPLACEMENT.
   */
  return_type?: string | null;
  return_status?: string | null;
  /**
   * IN_PROGRESS, SUPPORT_BUYER, SUPPORT_SELLER, CLOSED.
   */
  arbitration_status?: string | null;
  /**
   * Initiator: BUYER, SELLER, OPERATOR, SYSTEM.
   */
  role?: string | null;
  /**
   * Machine key.
   */
  return_reason?: string | null;
  /**
   * Localized text.
   */
  return_reason_text?: string | null;
  /**
   * Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
   */
  create_time?: number | null;
  /**
   * Replication key. Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
   */
  update_time: number;
  /**
   * PLATFORM or BUYER_ARRANGE.
   */
  shipment_type?: string | null;
  /**
   * DROP_OFF or PICKUP.
   */
  handover_method?: string | null;
  return_method?: string | null;
  return_tracking_number?: string | null;
  return_provider_name?: string | null;
  return_provider_id?: string | null;
  /**
   * SHIPPING_LABEL or QR_CODE.
   */
  return_shipping_document_type?: string | null;
  return_warehouse_address?: {
    full_address?: string | null;
    [k: string]: unknown;
  } | null;
  /**
   * Previous return in an edit chain.
   */
  pre_return_id?: string | null;
  /**
   * Next return in an edit chain.
   */
  next_return_id?: string | null;
  is_combined_return?: boolean | null;
  combined_return_id?: string | null;
  can_buyer_keep_item?: boolean | null;
  seller_next_action_response?:
    | {
        action?: string | null;
        /**
         * Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
         */
        deadline?: number | null;
        [k: string]: unknown;
      }[]
    | null;
  /**
   * Refund amounts; decimal strings.
   */
  refund_amount?: {
    /**
     * ISO 4217.
     */
    currency?: string | null;
    /**
     * Decimal string, major units.
     */
    refund_total?: string | null;
    /**
     * Decimal string, major units.
     */
    refund_subtotal?: string | null;
    /**
     * Decimal string, major units.
     */
    refund_shipping_fee?: string | null;
    /**
     * Decimal string, major units.
     */
    refund_tax?: string | null;
    /**
     * Decimal string, major units.
     */
    retail_delivery_fee?: string | null;
    /**
     * Decimal string, major units.
     */
    buyer_service_fee?: string | null;
    [k: string]: unknown;
  } | null;
  discount_amount?:
    | {
        currency?: string | null;
        /**
         * Decimal string, major units.
         */
        product_platform_discount?: string | null;
        /**
         * Decimal string, major units.
         */
        product_seller_discount?: string | null;
        /**
         * Decimal string, major units.
         */
        shipping_fee_platform_discount?: string | null;
        /**
         * Decimal string, major units.
         */
        shipping_fee_seller_discount?: string | null;
        [k: string]: unknown;
      }[]
    | null;
  shipping_fee_amount?:
    | {
        currency?: string | null;
        /**
         * Decimal string, major units.
         */
        buyer_paid_return_shipping_fee?: string | null;
        /**
         * Decimal string, major units.
         */
        seller_paid_return_shipping_fee?: string | null;
        /**
         * Decimal string, major units.
         */
        platform_paid_return_shipping_fee?: string | null;
        [k: string]: unknown;
      }[]
    | null;
  /**
   * Seller-proposed partial refund.
   */
  partial_refund?: {
    /**
     * Decimal string, major units.
     */
    amount?: string | null;
    currency?: string | null;
    [k: string]: unknown;
  } | null;
  /**
   * e.g. PARTIAL_REFUND.
   */
  seller_proposed_return_type?: string | null;
  buyer_rejected_partial_refund?: boolean | null;
  [k: string]: unknown;
}

/**
 * The shop's sales and traffic for one day (Get Shop Performance, performance.intervals[] with granularity 1D, reference §10.1-10.2; version 202509). Incremental on date; the last analytics_lookback_days are read again. A breakdown TikTok does not report for the shop's market (gross revenue by ads in the US and JP) is null.
 */
export interface ShopPerformanceRecord {
  /**
   * TikTok shop id the record was read for (added by the tap).
   */
  shop_id: string;
  /**
   * The day the numbers cover, in the shop's time zone, written as 00:00 UTC of that date (the date part is the day; replication key). The last analytics_lookback_days are read again, as TikTok revises recent days. Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
   */
  date: number;
  /**
   * Gross merchandise value (sales.gmv.overall.amount). Decimal string in major units, in `currency`.
   */
  gmv?: string | null;
  /**
   * ISO 4217 code of the amounts (the shop's local currency: the tap asks for LOCAL).
   */
  currency?: string | null;
  /**
   * GMV by content type, as sent: [{type: VIDEO | LIVE | PRODUCT_CARD, gmv: {amount, currency}}]; null where not reported.
   */
  gmv_breakdowns?:
    | {
        type?: string | null;
        gmv?: {
          amount?: string | null;
          currency?: string | null;
          [k: string]: unknown;
        } | null;
        [k: string]: unknown;
      }[]
    | null;
  /**
   * Gross revenue (sales.gross_revenue.overall.amount). Decimal string in major units, in `currency`.
   */
  gross_revenue?: string | null;
  /**
   * Share of gross revenue by type, as sent: [{type, percentage}] (GMV_MAX / NON_GMV_MAX in SEA, MX, BR; ADS / ORGANIC in UK and EU); null where not applicable (US, JP).
   */
  gross_revenue_breakdowns?:
    | {
        type?: string | null;
        percentage?: string | null;
        [k: string]: unknown;
      }[]
    | null;
  /**
   * Paid orders.
   */
  orders_count?: number | null;
  /**
   * Items sold (units).
   */
  items_sold?: number | null;
  /**
   * Distinct SKUs sold (SKU orders).
   */
  sku_orders_count?: number | null;
  /**
   * Daily average of unique paying customers.
   */
  avg_customers_count?: number | null;
  /**
   * Refunded amount (sales.refunds.amount). Decimal string in major units, in `currency`.
   */
  refunds?: string | null;
  /**
   * Daily average product detail page views (traffic).
   */
  avg_page_views?: number | null;
  /**
   * Daily average unique visitors of product detail pages (traffic).
   */
  avg_visitors?: number | null;
  /**
   * Daily average share of visitors who paid (traffic.avg_conversation_rate, as TikTok spells it): a decimal string.
   */
  avg_conversion_rate?: string | null;
  [k: string]: unknown;
}

/**
 * A shop the access token is authorized for (Get Authorized Shops, reference §5.1). Full table.
 */
export interface ShopsRecord {
  /**
   * Shop id.
   */
  id: string;
  /**
   * Same as id (added by the tap so every stream carries shop_id).
   */
  shop_id: string;
  name?: string | null;
  /**
   * Two-letter market code, e.g. US, GB, ID.
   */
  region?: string | null;
  /**
   * LOCAL or CROSS_BORDER.
   */
  seller_type?: string | null;
  /**
   * Value passed as shop_cipher on shop-scoped calls (prefixes seen: ROW_, GCP_).
   */
  cipher?: string | null;
  /**
   * Shop code shown to sellers.
   */
  code?: string | null;
  [k: string]: unknown;
}

/**
 * One SKU's sales on one day (Get Shop SKU Performance List skus[], one-day windows, reference §10.1, §10.4; version 202509). TikTok sends `id` and `product_id` as JSON integers above 2^53; the tap keeps their digits and emits strings. Incremental on date; the last analytics_lookback_days are read again.
 */
export interface SkuPerformanceRecord {
  /**
   * SKU id (a JSON integer in the reply, emitted as a string of its exact digits).
   */
  id: string;
  /**
   * TikTok shop id the record was read for (added by the tap).
   */
  shop_id: string;
  /**
   * The day the numbers cover, in the shop's time zone, written as 00:00 UTC of that date (the date part is the day; replication key). The last analytics_lookback_days are read again, as TikTok revises recent days. Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
   */
  date: number;
  /**
   * Product id (a JSON integer in the reply, emitted as a string).
   */
  product_id?: string | null;
  /**
   * GMV of the SKU that day. Decimal string in major units, in `currency`.
   */
  gmv?: string | null;
  /**
   * ISO 4217 code of the amounts (the shop's local currency: the tap asks for LOCAL).
   */
  currency?: string | null;
  /**
   * SKU orders.
   */
  sku_orders?: number | null;
  /**
   * Units sold.
   */
  units_sold?: number | null;
  [k: string]: unknown;
}

/**
 * A transaction of a settlement statement (Get Statement Transactions transactions[], reference §9.6; version 202501, the newest the reference documents): an order settled, a reserve, or an adjustment. The tap adds statement_id, shop_id and the statement's currency (202501 transactions carry none of their own). Breakdown objects stay nested as the API sends them. Money: signed decimal strings in major units.
 */
export interface StatementTransactionsRecord {
  /**
   * The statement this transaction belongs to (statements.id; added by the tap from the request).
   */
  statement_id: string;
  /**
   * Transaction id.
   */
  id: string;
  /**
   * TikTok shop id the record was read for (added by the tap).
   */
  shop_id: string;
  /**
   * ISO 4217 currency of the amounts: the statement's currency, copied by the tap (202501 has no per-transaction currency).
   */
  currency?: string | null;
  /**
   * ORDER, RESERVE or an adjustment type (CHARGE_BACK, PLATFORM_PENALTY, SHIPPING_FEE_ADJUSTMENT, ...); a free string (§9.6).
   */
  type?: string | null;
  /**
   * The order settled (orders.id), for ORDER transactions; an order or an adjustment, never both.
   */
  order_id?: string | null;
  /**
   * Adjustment id, for adjustment transactions.
   */
  adjustment_id?: string | null;
  /**
   * The order an adjustment concerns (orders.id).
   */
  adjustment_order_id?: string | null;
  /**
   * The order a reserve transaction belongs to (orders.id).
   */
  associated_order_id?: string | null;
  /**
   * Reserve id, for RESERVE transactions.
   */
  reserve_id?: string | null;
  /**
   * COLLECTED (withheld) or RELEASED (paid out).
   */
  reserve_status?: string | null;
  /**
   * Negative when withheld, positive when released.
   */
  reserve_amount?: string | null;
  /**
   * When a reserve is expected to be released. The API sends Unix seconds as a string, empty once released; written like every other time (null when empty). Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
   */
  estimated_release_time?: string | null;
  /**
   * When the order was created (the sort field of the call). Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
   */
  order_create_time?: number | null;
  /**
   * Revenue.
   */
  revenue_amount?: string | null;
  /**
   * Shipping cost.
   */
  shipping_cost_amount?: string | null;
  /**
   * Fees and taxes.
   */
  fee_tax_amount?: string | null;
  /**
   * Adjustment.
   */
  adjustment_amount?: string | null;
  /**
   * What the transaction settles; the transactions of a statement add up to its settlement_amount.
   */
  settlement_amount?: string | null;
  /**
   * Parts of revenue_amount; decimal strings.
   */
  revenue_breakdown?: {
    subtotal_before_discount_amount?: string | null;
    refund_subtotal_before_discount_amount?: string | null;
    seller_discount_amount?: string | null;
    seller_discount_refund_amount?: string | null;
    cod_service_fee_amount?: string | null;
    refund_cod_service_fee_amount?: string | null;
    distant_item_fee_amount?: string | null;
    [k: string]: unknown;
  } | null;
  /**
   * Parts of shipping_cost_amount; decimal strings.
   */
  shipping_cost_breakdown?: {
    actual_shipping_fee_amount?: string | null;
    customer_paid_shipping_fee_amount?: string | null;
    distant_shipping_fee_amount?: string | null;
    exchange_shipping_fee_amount?: string | null;
    failed_delivery_subsidy_amount?: string | null;
    fbt_free_shipping_fee_amount?: string | null;
    fbt_fulfillment_fee_reimbursement_amount?: string | null;
    fbt_key_merchant_subsidy?: string | null;
    fbt_overall_merchant_subsidy?: string | null;
    free_return_subsidy_amount?: string | null;
    logistics_service_fee?: string | null;
    replacement_shipping_fee_amount?: string | null;
    return_shipping_fee_amount?: string | null;
    return_shipping_fee_paid_buyer_amount?: string | null;
    return_shipping_label_fee_amount?: string | null;
    seller_self_shipping_service_fee_amount?: string | null;
    shipping_app_service_fee_amount?: string | null;
    shipping_fee_discount_amount?: string | null;
    shipping_fee_guarantee_reimbursement?: string | null;
    shipping_insurance_fee_amount?: string | null;
    signature_confirmation_fee_amount?: string | null;
    /**
     * Supplementary shipping amounts; decimal strings.
     */
    supplementary_component?: {
      customer_shipping_fee?: string | null;
      customer_shipping_fee_offset_amount?: string | null;
      fbm_shipping_cost_amount?: string | null;
      fbt_fulfillment_fee_amount?: string | null;
      fbt_fulfillment_fee_reimbursement_amount?: string | null;
      fbt_shipping_cost_amount?: string | null;
      platform_shipping_fee_discount_amount?: string | null;
      promo_shipping_incentive_amount?: string | null;
      refund_customer_shipping_fee?: string | null;
      refunded_customer_shipping_fee_amount?: string | null;
      return_refund_subsidy_amount?: string | null;
      seller_shipping_fee_discount_amount?: string | null;
      shipping_fee_subsidy_amount?: string | null;
      [k: string]: unknown;
    } | null;
    [k: string]: unknown;
  } | null;
  /**
   * Parts of fee_tax_amount; decimal strings.
   */
  fee_tax_breakdown?: {
    /**
     * Fees.
     */
    fee?: {
      affiliate_ads_commission_amount?: string | null;
      affiliate_commission_amount?: string | null;
      affiliate_commission_amount_before_pit?: string | null;
      affiliate_commission_deposit?: string | null;
      affiliate_commission_release?: string | null;
      affiliate_partner_commission_amount?: string | null;
      bonus_cashback_service_fee_amount?: string | null;
      campaign_resource_fee?: string | null;
      cofunded_creator_bonus_amount?: string | null;
      cofunded_promotion_service_fee_amount?: string | null;
      credit_card_handling_fee_amount?: string | null;
      dt_handling_fee_amount?: string | null;
      dynamic_commission_amount?: string | null;
      epr_pob_service_fee_amount?: string | null;
      external_affiliate_marketing_fee_amount?: string | null;
      fee_per_item_sold_amount?: string | null;
      flash_sales_service_fee_amount?: string | null;
      gmv_max_ad_fee_amount?: string | null;
      installation_service_fee?: string | null;
      live_specials_fee_amount?: string | null;
      mall_service_fee_amount?: string | null;
      platform_commission_amount?: string | null;
      platform_semi_managed_commission_fee?: string | null;
      platform_semi_managed_commission_fee_tax?: string | null;
      platform_special_service_fee_amount?: string | null;
      pre_order_service_fee_amount?: string | null;
      referral_fee_amount?: string | null;
      refund_administration_fee_amount?: string | null;
      seller_paylater_handling_fee_amount?: string | null;
      sfp_service_fee_amount?: string | null;
      shipping_fee_guarantee_service_fee?: string | null;
      smart_promotion_fee_amount?: string | null;
      tap_shop_ads_commission?: string | null;
      transaction_fee_amount?: string | null;
      tsp_commission_amount?: string | null;
      vn_fix_infrastructure_fee?: string | null;
      voucher_xtra_service_fee_amount?: string | null;
      [k: string]: unknown;
    } | null;
    /**
     * Taxes.
     */
    tax?: {
      anti_dumping_duty_amount?: string | null;
      cedular_tax?: string | null;
      customs_clearance_amount?: string | null;
      customs_duty_amount?: string | null;
      gst_amount?: string | null;
      import_vat_amount?: string | null;
      isr_amount?: string | null;
      iva_amount?: string | null;
      local_vat_amount?: string | null;
      pit_amount?: string | null;
      sales_tax_referral_fee_amount?: string | null;
      smart_promotion_fee_tax_amount?: string | null;
      sst_amount?: string | null;
      vat_amount?: string | null;
      [k: string]: unknown;
    } | null;
    [k: string]: unknown;
  } | null;
  /**
   * What the buyer paid and was refunded, platform and co-funded discounts, retail delivery fees and sales tax; decimal strings.
   */
  supplementary_component?: {
    customer_payment_amount?: string | null;
    customer_refund_amount?: string | null;
    platform_discount_amount?: string | null;
    platform_discount_refund_amount?: string | null;
    platform_cofunded_discount_amount?: string | null;
    platform_cofunded_discount_refund_amount?: string | null;
    seller_cofunded_discount_amount?: string | null;
    seller_cofunded_discount_refund_amount?: string | null;
    retail_delivery_fee_amount?: string | null;
    retail_delivery_fee_payment_amount?: string | null;
    retail_delivery_fee_refund_amount?: string | null;
    sales_tax_amount?: string | null;
    sales_tax_payment_amount?: string | null;
    sales_tax_refund_amount?: string | null;
    [k: string]: unknown;
  } | null;
  [k: string]: unknown;
}

/**
 * A settlement statement (Get Statements statements[], reference §9.4-9.5; version 202309): one per shop and settlement period (daily), with its totals and payment status. Incremental on statement_time with a trailing re-read window (finance_lookback_days): payment_status changes after the statement is generated (PROCESSING to PAID or FAILED, §9.9). Money: signed decimal strings in major units, in `currency`. The 202501 statement-level fields (status, payable_amount, total_reserve_amount, total_settlement_amount, total_settlement_breakdown) are filled from Get Statement Transactions when a transaction stream is selected and the statement is new or changed (reference §9.6); a statement re-read unchanged is not emitted again.
 */
export interface StatementsRecord {
  /**
   * Statement id.
   */
  id: string;
  /**
   * TikTok shop id the record was read for (added by the tap).
   */
  shop_id: string;
  /**
   * When the statement was generated (replication key). Statements are generated daily at 00:00 UTC for the previous day (§9.4). Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
   */
  statement_time: number;
  /**
   * ISO 4217 currency of every amount of the statement.
   */
  currency?: string | null;
  /**
   * Revenue (not given for UK/US local sellers).
   */
  revenue_amount?: string | null;
  /**
   * Net sales (local sellers outside SEA).
   */
  net_sales_amount?: string | null;
  /**
   * Shipping cost (local sellers outside SEA); deductions are negative.
   */
  shipping_cost_amount?: string | null;
  /**
   * Fees; negative.
   */
  fee_amount?: string | null;
  /**
   * Adjustments.
   */
  adjustment_amount?: string | null;
  /**
   * What the statement settles: revenue + fees + adjustments (UK/US local: net sales + shipping cost + fees + adjustments), §9.6.
   */
  settlement_amount?: string | null;
  /**
   * The payment that pays this statement (payments.id).
   */
  payment_id?: string | null;
  /**
   * PAID, FAILED or PROCESSING; PROCESSING can later become PAID or FAILED (§9.9).
   */
  payment_status?: string | null;
  /**
   * When the payment succeeded. Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
   */
  payment_time?: number | null;
  /**
   * Statement status from Get Statement Transactions 202501 (only SETTLED); null when its transactions were not read.
   */
  status?: string | null;
  /**
   * What is paid out: total_settlement_amount + total_reserve_amount (202501, §9.6).
   */
  payable_amount?: string | null;
  /**
   * Reserve withheld (negative) or released (positive) in this statement (202501; UK/US local sellers).
   */
  total_reserve_amount?: string | null;
  /**
   * Sum of the transactions' settlement amounts (202501).
   */
  total_settlement_amount?: string | null;
  /**
   * total_revenue_amount, total_shipping_cost_amount, total_fee_tax_amount, total_adjustment_amount (202501), as sent.
   */
  total_settlement_breakdown?: {
    [k: string]: unknown;
  } | null;
  [k: string]: unknown;
}

/**
 * An order or adjustment not settled yet, with TikTok's estimates (Get Unsettled Transactions transactions[], reference §9.8; version 202507). A moving set: rows leave it once settled (they then appear in statement_transactions and order_sku_transactions), so every run writes a full snapshot per shop, every row stamped with snapshot_time; read the latest snapshot of each shop. Money: signed decimal strings in major units, estimates subject to change.
 */
export interface UnsettledTransactionsRecord {
  /**
   * When the tap took this snapshot of the shop's unsettled set (the same for every row of a shop in a run; added by the tap). Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
   */
  snapshot_time: number;
  /**
   * TikTok shop id the record was read for (added by the tap).
   */
  shop_id: string;
  /**
   * Transaction id.
   */
  id: string;
  /**
   * ORDER or an adjustment type; a free string.
   */
  type?: string | null;
  /**
   * Only UNSETTLED.
   */
  status?: string | null;
  /**
   * ISO 4217 currency of the amounts.
   */
  currency?: string | null;
  /**
   * The order (orders.id), for ORDER transactions.
   */
  order_id?: string | null;
  /**
   * Adjustment id, for adjustments.
   */
  adjustment_id?: string | null;
  /**
   * The order an adjustment concerns.
   */
  adjustment_order_id?: string | null;
  /**
   * When the order was placed. Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
   */
  order_create_time?: number | null;
  /**
   * When the order was delivered; absent until then. Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
   */
  order_delivery_time?: number | null;
  /**
   * A Unix time as a string once delivered, before that a sentence such as "7 days after delivery" (kept as sent).
   */
  estimated_settlement?: string | null;
  /**
   * Why it is not settled yet.
   */
  unsettled_reason?: string | null;
  /**
   * Estimated revenue.
   */
  est_revenue_amount?: string | null;
  /**
   * Estimated shipping cost (incomplete before delivery).
   */
  est_shipping_cost_amount?: string | null;
  /**
   * Estimated fees and taxes.
   */
  est_fee_tax_amount?: string | null;
  /**
   * Estimated adjustment.
   */
  est_adjustment_amount?: string | null;
  /**
   * Estimated settlement.
   */
  est_settlement_amount?: string | null;
  /**
   * As sent.
   */
  revenue_breakdown?: {
    [k: string]: unknown;
  } | null;
  /**
   * As sent.
   */
  shipping_cost_breakdown?: {
    [k: string]: unknown;
  } | null;
  /**
   * fee and tax parts, as sent.
   */
  fee_tax_breakdown?: {
    [k: string]: unknown;
  } | null;
  [k: string]: unknown;
}

/**
 * One video's performance on one day (Get Shop Video Performance List videos[], one-day windows, reference §10.1, §10.5; version 202509). Incremental on date; the last analytics_lookback_days are read again.
 */
export interface VideoPerformanceRecord {
  /**
   * Video id.
   */
  id: string;
  /**
   * TikTok shop id the record was read for (added by the tap).
   */
  shop_id: string;
  /**
   * The day the numbers cover, in the shop's time zone, written as 00:00 UTC of that date (the date part is the day; replication key). The last analytics_lookback_days are read again, as TikTok revises recent days. Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
   */
  date: number;
  /**
   * Video title.
   */
  title?: string | null;
  /**
   * Creator's user name.
   */
  username?: string | null;
  /**
   * When the video was posted, as the text TikTok sends (such as 2025-09-12 18:30:00, without a time zone).
   */
  video_post_time?: string | null;
  /**
   * Video length in seconds.
   */
  duration?: number | null;
  /**
   * Hashtags of the video.
   */
  hash_tags?: string[] | null;
  /**
   * Products promoted in the video, as sent ([{id, name}]).
   */
  products?:
    | {
        /**
         * Product id.
         */
        id?: string | null;
        /**
         * Product name.
         */
        name?: string | null;
        [k: string]: unknown;
      }[]
    | null;
  /**
   * Views that day.
   */
  views?: number | null;
  /**
   * Product clicks per view, a decimal string (0.0528 = 5.28%).
   */
  click_through_rate?: string | null;
  /**
   * Daily average customers.
   */
  avg_customers?: number | null;
  /**
   * Units sold from the video.
   */
  items_sold?: number | null;
  /**
   * Paid SKU orders from the video.
   */
  sku_orders?: number | null;
  /**
   * GMV from the video. Decimal string in major units, in `currency`.
   */
  gmv?: string | null;
  /**
   * ISO 4217 code of the amounts (the shop's local currency: the tap asks for LOCAL).
   */
  currency?: string | null;
  /**
   * GMV per thousand views (gpm.amount). Decimal string in major units, in `currency`.
   */
  gpm?: string | null;
  [k: string]: unknown;
}

/**
 * A withdrawal or other movement of the seller's balance (Get Withdrawals withdrawals[], reference §9.4-9.5; version 202309), of every type (WITHDRAW, SETTLE, TRANSFER, REVERSE). Incremental on create_time with a trailing re-read window (finance_lookback_days): PROCESSING becomes a final status later (§9.9).
 */
export interface WithdrawalsRecord {
  /**
   * Withdrawal id (alphanumeric in a sample).
   */
  id: string;
  /**
   * TikTok shop id the record was read for (added by the tap).
   */
  shop_id: string;
  /**
   * WITHDRAW (seller withdrawal), SETTLE (platform settles to seller), TRANSFER (platform subsidy or deduction), REVERSE (failed withdrawal, bad bank card).
   */
  type?: string | null;
  /**
   * PROCESSING, SUCCESS, FAILED (the docs also mention PAID): a free string.
   */
  status?: string | null;
  /**
   * Decimal string in major units, in `currency`.
   */
  amount?: string | null;
  /**
   * ISO 4217.
   */
  currency?: string | null;
  /**
   * When the withdrawal was created (replication key). Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".
   */
  create_time: number;
  [k: string]: unknown;
}

export type StreamName =
  | 'affiliate_order_skus'
  | 'affiliate_orders'
  | 'cancellation_line_items'
  | 'cancellations'
  | 'external_order_line_items'
  | 'external_orders'
  | 'inventory'
  | 'live_performance'
  | 'order_line_item_price_detail'
  | 'order_line_items'
  | 'order_sku_transactions'
  | 'orders'
  | 'packages'
  | 'payments'
  | 'product_performance'
  | 'product_skus'
  | 'products'
  | 'return_line_items'
  | 'returns'
  | 'shop_performance'
  | 'shops'
  | 'sku_performance'
  | 'statement_transactions'
  | 'statements'
  | 'unsettled_transactions'
  | 'video_performance'
  | 'withdrawals';

export interface RecordsByStream {
  affiliate_order_skus: AffiliateOrderSkusRecord;
  affiliate_orders: AffiliateOrdersRecord;
  cancellation_line_items: CancellationLineItemsRecord;
  cancellations: CancellationsRecord;
  external_order_line_items: ExternalOrderLineItemsRecord;
  external_orders: ExternalOrdersRecord;
  inventory: InventoryRecord;
  live_performance: LivePerformanceRecord;
  order_line_item_price_detail: OrderLineItemPriceDetailRecord;
  order_line_items: OrderLineItemsRecord;
  order_sku_transactions: OrderSkuTransactionsRecord;
  orders: OrdersRecord;
  packages: PackagesRecord;
  payments: PaymentsRecord;
  product_performance: ProductPerformanceRecord;
  product_skus: ProductSkusRecord;
  products: ProductsRecord;
  return_line_items: ReturnLineItemsRecord;
  returns: ReturnsRecord;
  shop_performance: ShopPerformanceRecord;
  shops: ShopsRecord;
  sku_performance: SkuPerformanceRecord;
  statement_transactions: StatementTransactionsRecord;
  statements: StatementsRecord;
  unsettled_transactions: UnsettledTransactionsRecord;
  video_performance: VideoPerformanceRecord;
  withdrawals: WithdrawalsRecord;
}
