/**
 * A shop's finance records (§9.4-9.9): daily statements, one payment per statement, withdrawals. A statement keeps
 * only which orders it settles and its mutable status; its transactions are re-derived from the orders' PRNG
 * streams (like order contents) for each page read, and only its totals are cached (a settled order's contents
 * never change), so memory stays O(statements) however many orders settle.
 */
import type { ShopState } from './state.js';

/** PRNG stream keys of finance draws; distinct from `STREAM` in generation.ts (which stops below 40). */
export const FIN_STREAM = { STATEMENT: 40, TXN: 41, ADJUST: 42, ADVANCE: 43, PAYMENT: 44 } as const;

export type PaymentStatus = 'PROCESSING' | 'PAID' | 'FAILED';
export type WithdrawalStatus = 'PROCESSING' | 'SUCCESS' | 'FAILED';
export type WithdrawalType = 'WITHDRAW' | 'SETTLE' | 'TRANSFER' | 'REVERSE';

/** Minor-unit amounts of one transaction or one of its SKU rows (signed: deductions < 0). */
export interface TxnAmounts {
  revenue: number;
  shippingCost: number;
  feeTax: number;
  adjustment: number;
  /** = revenue + shippingCost + feeTax + adjustment. */
  settlement: number;
}

/** One SKU of an ORDER transaction: the order's line items of that SKU (one line item per unit, G3). */
export interface SkuRow extends TxnAmounts {
  skuId: string;
  skuName: string;
  productName: string;
  quantity: number;
  /** The order's `line_items[].id` this row settles (sandbox-internal, for joins in tests). */
  lineItemIds: string[];
  revenueBreakdown: Record<string, number>;
  shippingBreakdown: Record<string, number>;
  shippingSupplementary: Record<string, number>;
  fees: Record<string, number>;
  taxes: Record<string, number>;
  supplementary: Record<string, number>;
}

export interface Transaction extends TxnAmounts {
  id: string;
  type: string;
  /** Order index in the shop (ORDER) or the order the adjustment concerns. */
  orderIdx: number;
  orderId: string;
  adjustmentId: string;
  adjustmentOrderId: string;
  orderCreateTime: number;
  skus: SkuRow[];
}

export interface StatementState {
  /** Position in `FinanceState.statements` (statement_time order). */
  k: number;
  id: string;
  /** Day number (Unix day) the statement covers; statement_time = (day + 1) × 86400 (§9.4 statement timing). */
  day: number;
  statementTime: number;
  /** Indexes of the orders settled, by (create_time, index): the transactions' order_create_time order. */
  orderIdx: number[];
  /** Whether the statement carries an adjustment transaction (drawn at creation). */
  adjusted: boolean;
  status: PaymentStatus;
  /** When the payment resolves by itself and how (drawn at creation); `advanceFinance` may resolve it earlier. */
  resolveAt: number;
  fate: 'PAID' | 'FAILED';
  /** Time of the last status change (= statement_time while PROCESSING). */
  update: number;
  paymentTime: number;
  payment: PaymentState;
  /** Computed on first use (see finance-transactions.ts); `adjustment` is undefined until then, null if none. */
  totals: TxnAmounts | undefined;
  adjustment: Transaction | null | undefined;
}

export interface PaymentState {
  id: string;
  statementK: number;
  createTime: number;
  paidTime: number;
  status: PaymentStatus;
  update: number;
}

export interface WithdrawalState {
  id: string;
  type: WithdrawalType;
  status: WithdrawalStatus;
  /** The statement whose payment it carries (amount = that statement's settlement). */
  statementK: number;
  createTime: number;
  update: number;
}

export interface FinanceState {
  shop: ShopState;
  statements: StatementState[];
  statementById: Map<string, StatementState>;
  /** Statement of each settled order (order index → statement position). */
  statementOfOrder: Map<number, number>;
  withdrawals: WithdrawalState[];
  /** Masked bank account of the shop's payouts (§9.5: last 4 digits only). */
  bankAccount: string;
  /** Last day whose statement has been generated (statements exist for days ≤ this). */
  lastDay: number;
  /** Whether the shop's grant includes the finance scope; handlers answer 105005 when not. */
  scopeGranted: boolean;
  /** Get Withdrawals answers 22005007 "merchant does not exist" for this shop (set by tests, on demand). */
  merchantMissing?: boolean;
  /** Bumped on every change (for view caches and page-token fingerprints). */
  version: number;
}
