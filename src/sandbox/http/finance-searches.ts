/**
 * The finance list calls as search declarations (§9.4-9.6): Get Statements, Get Payments, Get Withdrawals (lists the
 * finance views make, already filtered and sorted) and Get Statement Transactions 202501 (a statement with one page
 * of its transactions). Every one needs the finance scope (`grant`), is a GET with every parameter in the query,
 * takes page_size 1-100 (default 20), and sorts by its one allowed field, which is required where it exists.
 */
import type { PaymentStatus, WithdrawalType } from '../data/finance-state.js';
import type { OrderState } from '../data/state.js';
import {
  MERCHANT_NOT_FOUND, PAYMENTS_NOT_OFFERED_IN, unsettledIn, unsettledRecord,
  paymentRecord, paymentsIn, statementRecord, statementTransactionsPage, statementsIn, withdrawalRecord, withdrawalsIn,
} from '../data/finance-views.js';
import type { StatementState, WithdrawalState } from '../data/finance-state.js';
import { ENDPOINTS } from '../../tiktok/endpoints.js';
import { ApiError, param } from './api-error.js';
import type { ApiEnv } from './api-env.js';
import { defineSearch, oneOf, strings } from './search.js';

/** docs/tiktok-shop-api.md §9.4: default 20 on every finance list call (the [1-100] range is the table's). */
const PAGE_SIZE = { default: 20 } as const;
const PAYMENT_STATUSES: readonly PaymentStatus[] = ['PAID', 'FAILED', 'PROCESSING'];
export const WITHDRAWAL_TYPES: readonly WithdrawalType[] = ['WITHDRAW', 'SETTLE', 'TRANSFER', 'REVERSE'];

const statements = defineSearch<StatementState, ApiEnv>({
  // sort_field is required and has one value, the table's; sort_order ASC (default) or DESC (docs/tiktok-shop-api.md §9.4).
  endpoint: ENDPOINTS.getStatements, grant: 'finance',
  pageSize: PAGE_SIZE,
  times: { fields: ['statement_time'], upper: 'lt' },
  filters: { payment_status: oneOf(PAYMENT_STATUSES) },
  // §9.4: no total_count on statements.
  totalCount: false,
  list: (env, shop, p) => statementsIn(env.store.finance(shop), p.times['statement_time'], p.sortOrder,
    p.filters['payment_status'] as PaymentStatus | undefined),
  render: (env, shop, s) => JSON.stringify(statementRecord(env.gen, env.store.finance(shop), s)),
});

const payments = defineSearch<StatementState, ApiEnv>({
  endpoint: ENDPOINTS.getPayments, grant: 'finance',
  pageSize: PAGE_SIZE,
  times: { fields: ['create_time'], upper: 'lt' },
  // §9.4: no total_count on payments either.
  totalCount: false,
  // One payment per statement, created at its statement_time: the statements' list is the payments' list.
  list(env, shop, p) {
    // §9.10: "unavailable to SEA markets"; the code TikTok answers is not documented, a refusal stands for it.
    if (PAYMENTS_NOT_OFFERED_IN.includes(shop.market.region)) throw param(`Get Payments is not available in market ${shop.market.region}`);
    return paymentsIn(env.store.finance(shop), p.times['create_time'], p.sortOrder);
  },
  render: (env, shop, s) => JSON.stringify(paymentRecord(env.gen, env.store.finance(shop), s)),
});

const withdrawals = defineSearch<WithdrawalState, ApiEnv>({
  endpoint: ENDPOINTS.getWithdrawals, grant: 'finance',
  pageSize: PAGE_SIZE,
  // §9.4: no sort parameters (ignored if sent); the sandbox lists by create_time, oldest first.
  sort: { fields: ['create_time'], default: 'create_time', order: 'ASC', fixed: true },
  // Inclusivity is unstated (§9.4); the sandbox takes `_ge` inclusive and `_lt` exclusive like everywhere else.
  times: { fields: ['create_time'], upper: 'lt' },
  filters: { types: strings(WITHDRAWAL_TYPES.length, WITHDRAWAL_TYPES) },
  check(p) {
    const types = p.filters['types'];
    if (!Array.isArray(types) || types.length === 0) throw param(`types is required: a comma-joined list of ${WITHDRAWAL_TYPES.join(', ')}`);
  },
  list(env, shop, p) {
    // §9.10, on demand (FinanceState.merchantMissing).
    if (env.store.finance(shop).merchantMissing) throw new ApiError(200, MERCHANT_NOT_FOUND, 'given merchant does not exist');
    return withdrawalsIn(env.store.finance(shop), p.filters['types'] as WithdrawalType[], p.times['create_time']);
  },
  render: (env, shop, x) => JSON.stringify(withdrawalRecord(env.gen, env.store.finance(shop), x)),
});

const statementTransactions = defineSearch<never, ApiEnv>({
  endpoint: ENDPOINTS.getStatementTransactions, grant: 'finance',
  pageSize: PAGE_SIZE,
  page(env, shop, p, offset, size) {
    const id = p.path['statement_id'] ?? '';
    const got = statementTransactionsPage(env.gen, env.store.finance(shop), id, offset, size, p.sortOrder);
    // No finance-specific code is documented for an unknown id; the gateway's generic invalid-param error is used.
    if (!got) throw param(`statement_id ${id} is not a statement of this seller`);
    return { data: got.data, next: got.page.next };
  },
});

/** §9.8: search_time_ge / _lt on the order's creation; sort_field order_create_time (required, the table's). */
const unsettled = defineSearch<OrderState, ApiEnv>({
  endpoint: ENDPOINTS.getUnsettledTransactions, grant: 'finance',
  pageSize: PAGE_SIZE,
  times: { fields: ['search_time'], upper: 'lt' },
  list: (env, shop, p) => unsettledIn(env.store.finance(shop), p.times['search_time'], p.sortOrder),
  render: (env, shop, st) => JSON.stringify(unsettledRecord(env.gen, env.store.finance(shop), st)),
});

export const FINANCE_SEARCHES = [statements, statementTransactions, payments, withdrawals, unsettled] as const;
