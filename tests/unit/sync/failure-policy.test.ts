import { EXIT, TapError } from '../../../src/errors.js';
import { Logger } from '../../../src/log.js';
import type { FamilyDecl, Grant } from '../../../src/sync/declaration.js';
import { callFailureOf } from '../../../src/sync/call-failure.js';
import { FailureLedger } from '../../../src/sync/failure-ledger.js';
import { reachOf, runOutcome, shopListFailure, wholeShopFailure, type Failure } from '../../../src/sync/failure-policy.js';
import { ShopFailures } from '../../../src/sync/shop-failures.js';
import { ApiError, apiErrorOfKind, classifyApiFailure, MissingScopeError } from '../../../src/tiktok/errors.js';

const SHOP_A = { id: '7', cipher: 'c7', name: 'Shop A' };
const SHOP_B = { id: '8', cipher: 'c8' };

const familyError = (code = 'API_DOWN', exitCode: number = EXIT.API) => new TapError(code, `${code} happened`, { exitCode, hint: 'try later' });
const shopError = () => new TapError('api_shop_deactivated', 'the shop is deactivated', { exitCode: EXIT.PARTIAL, scope: 'shop' });
const recordError = () => new TapError('RECORD_INVALID', 'orders record (id=1) does not fit its schema', { exitCode: EXIT.RECORD });

/** The messages a logger wrote (the log writes punctuation as plain ASCII: an em dash becomes "-"). */
function logged(): { logger: Logger; lines: () => string[] } {
  const out: string[] = [];
  return { logger: new Logger({ format: 'json', write: (line) => out.push(line) }), lines: () => out.map((line) => (JSON.parse(line) as { message: string }).message) };
}

describe('reachOf: what a failure ends, by TapError.scope', () => {
  test.each([
    ['a bug (not a TapError)', new Error('boom'), 'run'],
    ['a run-wide TapError (stdout closed)', new TapError('OUTPUT_CLOSED', 'closed', { scope: 'run' }), 'run'],
    ['a shop error', shopError(), 'shop'],
    ['any other TapError', familyError(), 'family'],
  ])('%s reaches the %s', (_what, error, reach) => {
    expect(reachOf(error)).toBe(reach);
  });

  test('a shop error on the shop list itself ends the run, with exit 2; other errors are left as they are', () => {
    const ended = shopListFailure(shopError()) as TapError;
    expect(ended).toMatchObject({ code: 'api_shop_deactivated', scope: 'run', exitCode: EXIT.API });
    const other = familyError();
    expect(shopListFailure(other)).toBe(other);
  });
});

describe('callFailureOf: what a failed call means to recovery', () => {
  // Built as the client builds them: the class its classification of the code names.
  const apiError = (reason: string, code: number) =>
    apiErrorOfKind(classifyApiFailure({ code, message: '' }).errorKind, { action: 'fatal', reason, hint: 'h', endpoint: 'GET /x', code, message: 'no' });

  test('a missing scope (105005) is one; other refusals, other errors and bugs are not', () => {
    expect(callFailureOf(apiError('missing_scope', 105005))).toEqual({ kind: 'missing-scope' });
    expect(callFailureOf(apiError('not_this_seller', 21008111))).toEqual({ kind: 'other' });
    expect(callFailureOf(new TapError('api_missing_scope', 'a TapError that only looks like one'))).toEqual({ kind: 'other' });
    expect(callFailureOf(new ApiError({ action: 'fatal', reason: 'missing_scope', hint: 'h', endpoint: 'GET /x', message: 'a plain ApiError' }))).toEqual({ kind: 'other' });
    expect(callFailureOf(new Error('boom'))).toEqual({ kind: 'other' });
  });
});

describe('runOutcome: the exit code decision table', () => {
  const family = (shop: Failure['shop'], error: unknown, root = 'returns'): Failure => ({ shop, family: root, error });
  const wholeShop = (shop: Failure['shop'], error: unknown): Failure => ({ shop, error });

  test('no failure: synced, exit 0', () => {
    expect(runOutcome({ failures: [], synced: 3, shopCount: 1 })).toEqual({ kind: 'synced', exitCode: 0 });
    expect(runOutcome({ failures: [], synced: 0, shopCount: 0 })).toEqual({ kind: 'synced', exitCode: 0 });
  });

  test('some failed, some synced: partial, exit 3, with a summary naming shops and families', () => {
    const outcome = runOutcome({ failures: [wholeShop(SHOP_A, shopError()), family(SHOP_B, familyError())], synced: 2, shopCount: 3 });
    expect(outcome).toEqual({
      kind: 'partial',
      exitCode: 3,
      summary: 'summary: failed: 1 of 3 shops (7); stream families returns of shop 8; the rest synced (exit code 3)',
    });
  });

  test('a record that does not fit while the rest synced is partial too (exit 3, not 4)', () => {
    expect(runOutcome({ failures: [family(SHOP_A, recordError(), 'orders')], synced: 1, shopCount: 1 })).toMatchObject({ exitCode: 3 });
  });

  test.each([
    ['a family error keeps its exit code (2)', family(SHOP_A, familyError()), EXIT.API],
    ['a record that does not fit keeps exit 4', family(SHOP_A, recordError(), 'orders'), EXIT.RECORD],
    ['a shop error (own code "partial") becomes exit 2: no other shop synced', wholeShop(SHOP_A, shopError()), EXIT.API],
    ['a bug becomes exit 2', wholeShop(SHOP_A, new Error('boom')), EXIT.API],
  ])('nothing synced: failed; %s', (_what, failure, exitCode) => {
    const outcome = runOutcome({ failures: [failure], synced: 0, shopCount: 1 });
    if (outcome.kind !== 'failed') throw new Error(`expected failed, got ${outcome.kind}`);
    expect(outcome.error.code).toBe('SYNC_FAILED');
    expect(outcome.error.exitCode).toBe(exitCode);
  });

  test('nothing synced: the one failure is the message; several say "every ... failed; first:", with its hint', () => {
    const one = runOutcome({ failures: [family(SHOP_A, familyError('ONE'))], synced: 0, shopCount: 1 });
    expect(one.kind === 'failed' && one.error.message).toBe('ONE happened');
    const families = runOutcome({ failures: [family(SHOP_A, familyError('ONE')), family(SHOP_A, familyError('TWO'))], synced: 0, shopCount: 1 });
    expect(families.kind === 'failed' && families.error.userLine()).toBe('every stream family failed; first: ONE happened — try later');
    const shops = runOutcome({ failures: [wholeShop(SHOP_A, familyError('ONE')), wholeShop(SHOP_B, familyError('TWO'))], synced: 0, shopCount: 2 });
    expect(shops.kind === 'failed' && shops.error.message).toBe('every shop failed; first: ONE happened');
  });
});

describe('wholeShopFailure: a shop fails as a whole only when every family failed with the same code', () => {
  const failures = (...codes: string[]): Failure[] => codes.map((code, i) => ({ shop: SHOP_A, family: `f${i}`, error: familyError(code) }));

  test('same code, nothing synced: the first failure', () => {
    const all = failures('api_bad_sign', 'api_bad_sign');
    expect(wholeShopFailure(0, all)).toBe(all[0]!.error);
  });

  test('different codes, a family that synced, or no failure: not whole', () => {
    expect(wholeShopFailure(0, failures('api_bad_sign', 'OTHER'))).toBeUndefined();
    expect(wholeShopFailure(1, failures('api_bad_sign', 'api_bad_sign'))).toBeUndefined();
    expect(wholeShopFailure(0, [])).toBeUndefined();
  });
});

describe('ShopFailures: one shop\'s families, each on its own', () => {
  const MISSING = new MissingScopeError({ action: 'fatal', reason: 'missing_scope', hint: 'enable the scope', endpoint: 'GET /finance/202309/statements', code: 105005, message: 'Access denied' });
  const FINANCE: Grant = { scope: 'the Finance scope', fix: 'add the Finance scope' };
  const decl = (root: string, grant?: Grant): FamilyDecl => ({ root, read: { kind: 'shop-list' }, records: () => ({ record: {} }), ...(grant ? { grant } : {}) });
  const families = [decl('orders'), decl('statements', FINANCE), decl('returns'), decl('payments', FINANCE), decl('withdrawals', FINANCE)];
  const [orders, statements, returns, payments, withdrawals] = families as [FamilyDecl, FamilyDecl, FamilyDecl, FamilyDecl, FamilyDecl];

  test('a family error is logged with the shop and recorded; the tally counts what synced', () => {
    const { logger, lines } = logged();
    const shop = new ShopFailures(SHOP_A, logger);
    shop.familyFailed(orders, familyError(), families);
    shop.familySynced();
    expect(lines()).toEqual(["shop 7 (Shop A): orders failed and was skipped, the shop's other stream families go on: API_DOWN happened - try later | stream=orders"]);
    expect(shop.settle()).toEqual({ synced: 1, failures: [{ shop: SHOP_A, family: 'orders', error: expect.any(TapError) }] });
  });

  test('errors that reach past the family are thrown on, not recorded', () => {
    const shop = new ShopFailures(SHOP_A, logged().logger);
    const deactivated = shopError();
    expect(() => shop.familyFailed(orders, deactivated, families)).toThrow(deactivated);
    const bug = new Error('boom');
    expect(() => shop.familyFailed(orders, bug, families)).toThrow(bug);
    expect(shop.settle()).toEqual({ synced: 0, failures: [] });
  });

  test('a missing scope is one line naming every family that needs it from there on; those after it are skipped without running', () => {
    const { logger, lines } = logged();
    const shop = new ShopFailures(SHOP_A, logger);
    shop.familySynced(); // orders
    shop.familyFailed(statements, MISSING, families);
    expect(shop.skipForMissingScope(returns)).toBe(false);
    shop.familySynced(); // returns
    expect(shop.skipForMissingScope(payments)).toBe(true);
    expect(shop.skipForMissingScope(withdrawals)).toBe(true);
    expect(lines()).toEqual([
      "shop 7 (Shop A): the app's grant lacks the Finance scope (GET /finance/202309/statements failed: code 105005 \"Access denied\" (request_id none)), so statements, payments and withdrawals are skipped for this shop and its other streams sync - add the Finance scope | stream=statements",
    ]);
    const tally = shop.settle();
    expect(tally.synced).toBe(2);
    expect(tally.failures.map((f) => f.family)).toEqual(['statements', 'payments', 'withdrawals']);
    expect(tally.failures.map((f) => (f.error as TapError).code)).toEqual(['SCOPE_MISSING', 'SCOPE_MISSING', 'SCOPE_MISSING']);
    expect((tally.failures[0]!.error as TapError).exitCode).toBe(EXIT.API);
  });

  test('every family failing with the same code throws the shop\'s error from settle', () => {
    const shop = new ShopFailures(SHOP_A, logged().logger);
    const first = familyError('api_bad_sign');
    shop.familyFailed(orders, first, families);
    shop.familyFailed(returns, familyError('api_bad_sign'), families);
    expect(() => shop.settle()).toThrow(first);
  });
});

describe('FailureLedger: the run\'s failures as shops finish', () => {
  test('a shop error is logged with its shop when there are several; the run goes on and ends partial', () => {
    const { logger, lines } = logged();
    const ledger = new FailureLedger(2, logger);
    expect(ledger.shopFailed(SHOP_A, shopError())).toBe(false);
    ledger.shopSynced({ synced: 3, failures: [] });
    ledger.throwIfEnded();
    expect(ledger.settle()).toBe(EXIT.PARTIAL);
    expect(lines()).toEqual([
      'shop 7 (Shop A) failed and was skipped: the shop is deactivated',
      'summary: failed: 1 of 2 shops (7); the rest synced (exit code 3)',
    ]);
  });

  test('with one shop its failure is left to the run\'s own error line', () => {
    const { logger, lines } = logged();
    const ledger = new FailureLedger(1, logger);
    ledger.shopFailed(SHOP_A, shopError());
    expect(() => ledger.settle()).toThrow(expect.objectContaining({ code: 'SYNC_FAILED', exitCode: EXIT.API }));
    expect(lines()).toEqual([]);
  });

  test('the first run-ending error stops the run and is thrown; a later one is not', () => {
    const ledger = new FailureLedger(2, logged().logger);
    const first = new TapError('OUTPUT_CLOSED', 'stdout closed', { scope: 'run', exitCode: EXIT.OUTPUT_CLOSED });
    expect(ledger.shopFailed(SHOP_A, first)).toBe(true);
    expect(ledger.shopFailed(SHOP_B, new Error('later bug'))).toBe(true);
    expect(() => ledger.throwIfEnded()).toThrow(first);
  });

  test('everything synced: exit 0 and no summary line', () => {
    const { logger, lines } = logged();
    const ledger = new FailureLedger(2, logger);
    ledger.shopSynced({ synced: 2, failures: [] });
    ledger.shopSynced({ synced: 2, failures: [] });
    expect(ledger.settle()).toBe(EXIT.OK);
    expect(lines()).toEqual([]);
  });
});
