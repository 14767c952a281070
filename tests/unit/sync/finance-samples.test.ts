import { loadSample, errorsOf } from '../schemas/schema-helpers.js';
import { skuRecords } from '../../../src/streams/statement-reads.js';
import { unsettledRecord } from '../../../src/streams/unsettled.js';

/** The new finance replies (§9.7 202501, §9.8 202507), shaped by the tap's own record builders, validate. */
describe('order SKU and unsettled transaction samples', () => {
  test('a Get Order Statement Transactions reply gives one record per SKU row of the statement, money as exact strings', () => {
    const data = structuredClone(loadSample('finance-order-statement-transactions')).data as Record<string, unknown>;
    const rows = data.sku_transactions as Array<Record<string, unknown>>;
    const statementId = rows[0]!.statement_id as string;
    const records = skuRecords(data, data.order_id as string, statementId, '7', undefined);
    expect(records).toHaveLength(rows.length);
    for (const record of records) {
      expect(errorsOf('order_sku_transactions', record)).toEqual([]);
      expect(record).toMatchObject({ order_id: data.order_id, shop_id: '7', currency: data.currency, order_create_time: data.order_create_time });
    }
    expect(records[0]!.settlement_amount).toBe(rows[0]!.settlement_amount);
    // Rows of another statement (a later settlement of the same order) are not this statement's.
    expect(skuRecords(data, data.order_id as string, 'another', '7', 'USD')).toEqual([]);
  });

  test('a Get Unsettled Transactions row validates with its snapshot time; one without it does not', () => {
    const [row] = (loadSample('finance-unsettled-transactions').data as { transactions: Array<Record<string, unknown>> }).transactions;
    expect(errorsOf('unsettled_transactions', unsettledRecord({ ...row!, snapshot_time: 1_748_736_000 }, '7'))).toEqual([]);
    expect(errorsOf('unsettled_transactions', unsettledRecord({ ...row! }, '7'))).not.toEqual([]);
  });
});
