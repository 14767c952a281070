/**
 * Field names of the 202501 statement-transaction breakdowns (§9.6; checked against the official Node SDK's
 * `model/finance/V202501/GetTransactionsbyStatementResponseDataTransactions*.ts`). Every record carries every field
 * (zero when the sandbox has nothing to put there), so a tap sees the API's full shape.
 */

export const REVENUE_BREAKDOWN = [
  'subtotal_before_discount_amount', 'refund_subtotal_before_discount_amount', 'seller_discount_amount',
  'seller_discount_refund_amount', 'cod_service_fee_amount', 'refund_cod_service_fee_amount', 'distant_item_fee_amount',
] as const;

export const SHIPPING_COST_BREAKDOWN = [
  'actual_shipping_fee_amount', 'customer_paid_shipping_fee_amount', 'distant_shipping_fee_amount',
  'exchange_shipping_fee_amount', 'failed_delivery_subsidy_amount', 'fbt_free_shipping_fee_amount',
  'fbt_fulfillment_fee_reimbursement_amount', 'fbt_key_merchant_subsidy', 'fbt_overall_merchant_subsidy',
  'free_return_subsidy_amount', 'logistics_service_fee', 'replacement_shipping_fee_amount', 'return_shipping_fee_amount',
  'return_shipping_fee_paid_buyer_amount', 'return_shipping_label_fee_amount', 'seller_self_shipping_service_fee_amount',
  'shipping_app_service_fee_amount', 'shipping_fee_discount_amount', 'shipping_fee_guarantee_reimbursement',
  'shipping_insurance_fee_amount', 'signature_confirmation_fee_amount',
] as const;

export const SHIPPING_SUPPLEMENTARY = [
  'customer_shipping_fee', 'customer_shipping_fee_offset_amount', 'fbm_shipping_cost_amount', 'fbt_fulfillment_fee_amount',
  'fbt_fulfillment_fee_reimbursement_amount', 'fbt_shipping_cost_amount', 'platform_shipping_fee_discount_amount',
  'promo_shipping_incentive_amount', 'refund_customer_shipping_fee', 'refunded_customer_shipping_fee_amount',
  'return_refund_subsidy_amount', 'seller_shipping_fee_discount_amount', 'shipping_fee_subsidy_amount',
] as const;

export const FEE_BREAKDOWN = [
  'affiliate_ads_commission_amount', 'affiliate_commission_amount', 'affiliate_commission_amount_before_pit',
  'affiliate_commission_deposit', 'affiliate_commission_release', 'affiliate_partner_commission_amount',
  'bonus_cashback_service_fee_amount', 'campaign_resource_fee', 'cofunded_creator_bonus_amount',
  'cofunded_promotion_service_fee_amount', 'credit_card_handling_fee_amount', 'dt_handling_fee_amount',
  'dynamic_commission_amount', 'epr_pob_service_fee_amount', 'external_affiliate_marketing_fee_amount',
  'fee_per_item_sold_amount', 'flash_sales_service_fee_amount', 'gmv_max_ad_fee_amount', 'installation_service_fee',
  'live_specials_fee_amount', 'mall_service_fee_amount', 'platform_commission_amount', 'platform_semi_managed_commission_fee',
  'platform_semi_managed_commission_fee_tax', 'platform_special_service_fee_amount', 'pre_order_service_fee_amount',
  'referral_fee_amount', 'refund_administration_fee_amount', 'seller_paylater_handling_fee_amount', 'sfp_service_fee_amount',
  'shipping_fee_guarantee_service_fee', 'smart_promotion_fee_amount', 'tap_shop_ads_commission', 'transaction_fee_amount',
  'tsp_commission_amount', 'vn_fix_infrastructure_fee', 'voucher_xtra_service_fee_amount',
] as const;

export const TAX_BREAKDOWN = [
  'anti_dumping_duty_amount', 'cedular_tax', 'customs_clearance_amount', 'customs_duty_amount', 'gst_amount',
  'import_vat_amount', 'isr_amount', 'iva_amount', 'local_vat_amount', 'pit_amount', 'sales_tax_referral_fee_amount',
  'smart_promotion_fee_tax_amount', 'sst_amount', 'vat_amount',
] as const;

export const SUPPLEMENTARY = [
  'customer_payment_amount', 'customer_refund_amount', 'platform_discount_amount', 'platform_discount_refund_amount',
  'platform_cofunded_discount_amount', 'platform_cofunded_discount_refund_amount', 'seller_cofunded_discount_amount',
  'seller_cofunded_discount_refund_amount', 'retail_delivery_fee_amount', 'retail_delivery_fee_payment_amount',
  'retail_delivery_fee_refund_amount', 'sales_tax_amount', 'sales_tax_payment_amount', 'sales_tax_refund_amount',
] as const;

/** Adjustment transaction types the sandbox draws (a subset of the §9.6 enum), with the sign of their amount. */
export const ADJUSTMENT_TYPES: readonly (readonly [string, 1 | -1])[] = [
  ['SHIPPING_FEE_ADJUSTMENT', 1], ['PLATFORM_REIMBURSEMENT', 1], ['PROMOTION_ADJUSTMENT', 1], ['PLATFORM_PENALTY', -1],
  ['CHARGE_BACK', -1], ['LOGISTICS_REIMBURSEMENT', 1],
];
