import { Logger } from '../../../src/log.js';
import { StateManager } from '../../../src/singer/state.js';

const NOW = 1_800_000_000;
const quiet = (): { logger: Logger; lines: string[] } => {
  const lines: string[] = [];
  return { logger: new Logger({ write: (line) => lines.push(line) }), lines };
};

describe('state', () => {
  test('reads partitions per shop and advances only forward', () => {
    const input = {
      bookmarks: {
        orders: { partitions: [{ context: { shop_id: '1' }, replication_key: 'update_time', replication_key_value: 100 }] },
      },
    };
    const state = new StateManager(input, 's.json', NOW, quiet().logger);
    expect(state.bookmark('orders', '1').value).toBe(100);
    expect(state.bookmark('orders', '2').value).toBeUndefined();
    expect(state.advance('orders', '1', 90)).toBe(false);
    expect(state.advance('orders', '1', 120)).toBe(true);
    expect(state.advance('orders', '2', 50)).toBe(true);
    expect(state.snapshot()).toEqual({
      bookmarks: {
        orders: {
          partitions: [
            { context: { shop_id: '1' }, replication_key: 'update_time', replication_key_value: 120 },
            { context: { shop_id: '2' }, replication_key: 'update_time', replication_key_value: 50 },
          ],
        },
      },
    });
  });

  test('carries unknown streams, shops and keys through untouched, with a warning for unknown streams', () => {
    const input = {
      currently_syncing: null,
      bookmarks: {
        invoices: { whatever: [1, 2] },
        returns: { partitions: [{ context: { shop_id: '9', region: 'US' }, replication_key: 'update_time', replication_key_value: 5 }] },
      },
    };
    const { logger, lines } = quiet();
    const state = new StateManager(input, 's.json', NOW, logger);
    state.advance('returns', '9', 10);
    const out = state.snapshot();
    expect(out.currently_syncing).toBeNull();
    expect(out.bookmarks.invoices).toEqual({ whatever: [1, 2] });
    expect(out.bookmarks.returns!.partitions).toHaveLength(2);
    expect(lines.join('')).toContain('"invoices"');
  });

  test('accepts a whole STATE message and RFC 3339 or numeric-string bookmark values', () => {
    const input = {
      type: 'STATE',
      value: {
        bookmarks: {
          orders: { partitions: [{ context: { shop_id: '1' }, replication_key: 'update_time', replication_key_value: '2024-01-01T00:00:00Z' }] },
          returns: { partitions: [{ context: { shop_id: '1' }, replication_key: 'update_time', replication_key_value: '1700000000' }] },
        },
      },
    };
    const state = new StateManager(input, 's.json', NOW, quiet().logger);
    expect(state.bookmark('orders', '1').value).toBe(1_704_067_200);
    expect(state.bookmark('returns', '1').value).toBe(1_700_000_000);
  });

  test.each([
    [[1, 2], /must be a JSON object/],
    [{ bookmarks: [] }, /"bookmarks" must be an object/],
    [{ bookmarks: { orders: { partitions: {} } } }, /partitions must be an array/],
    [{ bookmarks: { orders: { partitions: [{ context: {} }] } } }, /needs a context with a string shop_id/],
    [{ bookmarks: { orders: { partitions: [{ context: { shop_id: '1' }, replication_key_value: 'soon' }] } } }, /must be Unix seconds/],
    [{ bookmarks: { orders: { partitions: [{ context: { shop_id: '1' }, replication_key_value: NOW + 7 * 86_400 }] } } }, /in the future/],
  ])('rejects bad state %j', (input, message) => {
    expect(() => new StateManager(input, 's.json', NOW, quiet().logger)).toThrow(message);
  });

  test('a family bookmark vouches only for the streams synced up to it: a grown selection starts over', () => {
    const state = new StateManager(undefined, 's.json', NOW, quiet().logger);
    state.advance('orders', '1', 500, ['order_line_items']);
    expect(state.bookmark('orders', '1', ['order_line_items'])).toEqual({ value: 500, missing: [] });
    expect(state.bookmark('orders', '1', ['order_line_items', 'order_line_item_price_detail'])).toEqual({
      value: undefined,
      missing: ['order_line_item_price_detail'],
    });
    // The partition is gone: a run killed before it writes a new one starts over again, as the new stream needs.
    expect(state.bookmark('orders', '1', ['order_line_items']).value).toBeUndefined();
    state.advance('orders', '1', 100, ['orders', 'order_line_items', 'order_line_item_price_detail']);
    expect(state.snapshot().bookmarks.orders!.partitions![0]!.synced_streams).toEqual(['orders', 'order_line_items', 'order_line_item_price_detail']);
    // A partition without synced_streams (hand-written, older) covers everything.
    const old = new StateManager({ bookmarks: { orders: { partitions: [{ context: { shop_id: '1' }, replication_key: 'update_time', replication_key_value: 7 }] } } }, 's.json', NOW, quiet().logger);
    expect(old.bookmark('orders', '1', ['orders', 'external_orders']).value).toBe(7);
  });

  test('takeChanged returns a state only when it differs from the last one taken', () => {
    const state = new StateManager(undefined, 's.json', NOW, quiet().logger);
    expect(state.takeChanged()).toEqual({ bookmarks: {} });
    expect(state.takeChanged()).toBeUndefined();
    state.advance('products', '3', 7);
    expect(state.takeChanged()!.bookmarks.products!.partitions![0]!.replication_key_value).toBe(7);
    expect(state.takeChanged()).toBeUndefined();
  });
});
