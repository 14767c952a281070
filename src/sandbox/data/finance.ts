/**
 * Generation and change over time of a shop's finance records.
 *
 * Statements are daily (§9.4 statement timing): the statement of day D is generated at 00:00 UTC of D + 1 and
 * carries `statement_time` = that instant; it settles every order COMPLETED during D (cancelled and unfinished
 * orders never settle). One payment per statement, created at `statement_time` and PROCESSING until it resolves
 * (PAID, or FAILED for about 1 in 25) at a drawn time 6 h-3 days later; the statement's `payment_status` and
 * `payment_time` follow it. One SETTLE withdrawal per payment follows it too (PROCESSING → SUCCESS/FAILED, §9.5);
 * a FAILED payment adds a REVERSE withdrawal. Days without a settled order get no statement.
 *
 * Must be created with the shop (at the store's start clock) and advanced in every `advance`, AFTER the orders moved
 * (`advanceShop`): orders completed during the advanced window then settle in their day's statement. Created later
 * or lazily, forced resolutions of earlier advances would be missing and the data would depend on call order.
 */
import { ALNUM, Rng, pad } from '../random.js';
import { at } from './arrays.js';
import { DAY, HOUR, type DataContext } from './generation.js';
import {
  FIN_STREAM, type FinanceState, type PaymentStatus, type StatementState, type WithdrawalState,
} from './finance-state.js';
import type { ShopState } from './state.js';

export interface FinanceAdvanceCounts {
  /** PROCESSING statements (oldest first) resolved now, at a time inside the window, besides those due anyway. */
  resolveStatements: number;
}

export interface FinanceAdvanceResult {
  new_statements: string[];
  /** Statements whose payment status changed (their payments and withdrawals changed with them). */
  updated_statements: string[];
  new_withdrawals: string[];
}

/** A shop's finance records as they stand at `clock` (the store's start clock). */
export function createFinance(gen: DataContext, shop: ShopState, clock: number): FinanceState {
  const r = new Rng(gen.seed, shop.idx, FIN_STREAM.PAYMENT);
  const fin: FinanceState = {
    shop, statements: [], statementById: new Map(), statementOfOrder: new Map(), withdrawals: [],
    bankAccount: '**** **** ' + r.digits(4), lastDay: Math.floor(clock / DAY) - 1, scopeGranted: true, version: 0,
  };
  // Day of every order completed before the last closed day's end; statements in day order.
  const byDay = new Map<number, number[]>();
  for (const st of shop.orders) {
    if (st.status !== 'COMPLETED' || st.completed <= 0) continue;
    const day = Math.floor(st.completed / DAY);
    if (day > fin.lastDay) continue;
    const list = byDay.get(day);
    if (list) list.push(st.i);
    else byDay.set(day, [st.i]);
  }
  for (const day of [...byDay.keys()].sort((a, b) => a - b)) addStatement(gen, fin, day, byDay.get(day) ?? []);
  for (const s of fin.statements) if (s.resolveAt <= clock) resolve(gen, fin, s, s.resolveAt);
  sortWithdrawals(fin);
  return fin;
}

/**
 * Advance number `advanceNo` (the store's count) moves the clock from `previous` to `previous + seconds`: statements
 * of the days that closed are generated, payments due in the window resolve at their time, and up to
 * `counts.resolveStatements` more PROCESSING ones resolve at a drawn time in the window. Every change is stamped
 * inside (previous, next], so a re-read of a trailing window sees it.
 */
export function advanceFinance(gen: DataContext, fin: FinanceState, advanceNo: number, previous: number, seconds: number,
  counts: FinanceAdvanceCounts = { resolveStatements: 1 }): FinanceAdvanceResult {
  const next = previous + seconds;
  const shop = fin.shop;
  const r = new Rng(gen.seed, shop.idx, FIN_STREAM.ADVANCE, advanceNo);
  const res: FinanceAdvanceResult = { new_statements: [], updated_statements: [], new_withdrawals: [] };
  const withdrawalsBefore = fin.withdrawals.length;
  const closed = Math.floor(next / DAY) - 1;
  if (closed > fin.lastDay) {
    const byDay = new Map<number, number[]>();
    for (const st of shop.orders) {
      if (st.status !== 'COMPLETED' || st.completed <= 0 || fin.statementOfOrder.has(st.i)) continue;
      const day = Math.floor(st.completed / DAY);
      // Orders completed on an already-generated day cannot happen (advances stamp times ≥ the previous clock);
      // they are skipped rather than settled twice or into a past statement.
      if (day <= fin.lastDay || day > closed) continue;
      const list = byDay.get(day);
      if (list) list.push(st.i);
      else byDay.set(day, [st.i]);
    }
    fin.lastDay = closed;
    for (const day of [...byDay.keys()].sort((a, b) => a - b)) {
      const s = addStatement(gen, fin, day, byDay.get(day) ?? []);
      res.new_statements.push(s.id);
    }
  }
  const updated = new Set<StatementState>();
  for (const s of fin.statements) {
    if (s.status === 'PROCESSING' && s.resolveAt <= next) {
      resolve(gen, fin, s, Math.max(s.resolveAt, previous));
      updated.add(s);
    }
  }
  let left = counts.resolveStatements;
  for (const s of fin.statements) {
    if (left <= 0) break;
    if (s.status !== 'PROCESSING') continue;
    const t = Math.max(s.statementTime, seconds > 0 ? previous + r.int(1, seconds) : previous);
    resolve(gen, fin, s, t);
    updated.add(s);
    left--;
  }
  for (const s of updated) res.updated_statements.push(s.id);
  for (let k = withdrawalsBefore; k < fin.withdrawals.length; k++) res.new_withdrawals.push(at(fin.withdrawals, k).id);
  sortWithdrawals(fin);
  fin.version++;
  return res;
}

function addStatement(gen: DataContext, fin: FinanceState, day: number, orderIdx: number[]): StatementState {
  const shop = fin.shop;
  const r = new Rng(gen.seed, shop.idx, FIN_STREAM.STATEMENT, day);
  const statementTime = (day + 1) * DAY;
  const k = fin.statements.length;
  const orders = shop.orders;
  orderIdx.sort((a, b) => at(orders, a).create - at(orders, b).create || a - b);
  const s: StatementState = {
    k, id: '7' + pad(shop.idx, 2) + pad(day, 6) + r.digits(9), day, statementTime, orderIdx,
    adjusted: r.chance(0.3), status: 'PROCESSING', resolveAt: statementTime + r.int(6 * HOUR, 3 * DAY),
    fate: r.chance(0.04) ? 'FAILED' : 'PAID', update: statementTime, paymentTime: 0,
    payment: {
      id: '6' + pad(shop.idx, 2) + pad(day, 6) + r.digits(9), statementK: k, createTime: statementTime, paidTime: 0,
      status: 'PROCESSING', update: statementTime,
    },
    totals: undefined, adjustment: undefined,
  };
  fin.statements.push(s);
  fin.statementById.set(s.id, s);
  for (const i of orderIdx) fin.statementOfOrder.set(i, k);
  fin.withdrawals.push({
    id: withdrawalId(gen, shop, day, 0), type: 'SETTLE', status: 'PROCESSING', statementK: k, createTime: statementTime,
    update: statementTime,
  });
  return s;
}

function withdrawalId(gen: DataContext, shop: ShopState, day: number, n: number): string {
  return 'W' + pad(shop.idx, 2) + new Rng(gen.seed, shop.idx, FIN_STREAM.PAYMENT, day, n).chars(15, ALNUM);
}

/** The payment of statement `s` resolves at `time` as drawn (PAID or FAILED); its statement and withdrawals follow. */
function resolve(gen: DataContext, fin: FinanceState, s: StatementState, time: number): void {
  const status: PaymentStatus = s.fate;
  s.status = status;
  s.update = time;
  s.paymentTime = status === 'PAID' ? time : 0;
  s.payment.status = status;
  s.payment.paidTime = s.paymentTime;
  s.payment.update = time;
  for (const w of fin.withdrawals) {
    if (w.statementK === s.k && w.type === 'SETTLE') {
      w.status = status === 'PAID' ? 'SUCCESS' : 'FAILED';
      w.update = time;
    }
  }
  if (status === 'FAILED') {
    const w: WithdrawalState = {
      id: withdrawalId(gen, fin.shop, s.day, 1), type: 'REVERSE', status: 'SUCCESS', statementK: s.k, createTime: time, update: time,
    };
    fin.withdrawals.push(w);
  }
  fin.version++;
}

/** Withdrawals by (create_time, id): a REVERSE made by a late resolution may predate a newer SETTLE. */
function sortWithdrawals(fin: FinanceState): void {
  fin.withdrawals.sort((a, b) => a.createTime - b.createTime || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Marks whether the shop's grant includes the finance scope (the handlers answer 105005 without it). */
export function setFinanceScope(fin: FinanceState, granted: boolean): void {
  fin.scopeGranted = granted;
}
