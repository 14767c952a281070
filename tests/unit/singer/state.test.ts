import { TAP_STREAMS } from '../../../src/streams/table.js';
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
    const state = new StateManager(TAP_STREAMS, input, 's.json', NOW, quiet().logger, 'unix');
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
    const state = new StateManager(TAP_STREAMS, input, 's.json', NOW, logger);
    state.advance('returns', '9', 10);
    const out = state.snapshot();
    expect(out.currently_syncing).toBeNull();
    expect(out.bookmarks.invoices).toEqual({ whatever: [1, 2] });
    expect(out.bookmarks.returns!.partitions).toHaveLength(2);
    expect(lines.join('')).toContain('"invoices"');
  });

  test("another stream's partitions are carried through byte for byte: only this tap's bookmarks are converted", () => {
    const input = {
      bookmarks: {
        invoices: { partitions: [{ context: { shop_id: '1' }, replication_key: 'id', replication_key_value: 123456 }] },
        orders: { partitions: [{ context: { shop_id: '1' }, replication_key: 'update_time', replication_key_value: 100 }] },
      },
    };
    const state = new StateManager(TAP_STREAMS, input, 's.json', NOW, quiet().logger);
    const out = state.snapshot();
    expect(out.bookmarks.invoices).toEqual(input.bookmarks.invoices);
    expect(out.bookmarks.orders!.partitions![0]!.replication_key_value).toBe('1970-01-01T00:01:40Z');
  });

  test.each([
    ['1e300', 1e300],
    ['400 digits', '9'.repeat(400)],
    ['microseconds', 1_700_000_000_000_000],
    ['milliseconds', 1_700_000_000_000],
  ])('an out-of-range bookmark (%s) is bad input (exit 1) naming the value, truncated', (_what, value) => {
    const input = { bookmarks: { orders: { partitions: [{ context: { shop_id: '1' }, replication_key: 'update_time', replication_key_value: value }] } } };
    let error: unknown;
    try {
      new StateManager(TAP_STREAMS, input, 's.json', NOW, quiet().logger);
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ code: 'STATE_INVALID', exitCode: 1 });
    const message = (error as Error).message;
    expect(message).toContain('bookmarks.orders.partitions[0].replication_key_value must be Unix seconds');
    expect(message).toContain(JSON.stringify(value).slice(0, 20));
    expect(message.length).toBeLessThan(250);
  });

  test('a 1 MB bad bookmark is named in a short line', () => {
    const input = { bookmarks: { orders: { partitions: [{ context: { shop_id: '1' }, replication_key: 'update_time', replication_key_value: 'x'.repeat(1_000_000) }] } } };
    expect(() => new StateManager(TAP_STREAMS, input, 's.json', NOW, quiet().logger)).toThrow(/^state s\.json: .{0,200}\(got "x{36}\.\.\.\)$/);
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
    const state = new StateManager(TAP_STREAMS, input, 's.json', NOW, quiet().logger);
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
    expect(() => new StateManager(TAP_STREAMS, input, 's.json', NOW, quiet().logger)).toThrow(message);
  });

  test('a family bookmark vouches only for the streams synced up to it: a grown selection starts over', () => {
    const state = new StateManager(TAP_STREAMS, undefined, 's.json', NOW, quiet().logger, 'unix');
    state.advance('orders', '1', 500, ['order_line_items']);
    expect(state.bookmark('orders', '1', ['order_line_items'])).toEqual({ value: 500, missing: [] });
    const before = state.snapshot();
    expect(state.bookmark('orders', '1', ['order_line_items', 'order_line_item_price_detail'])).toEqual({
      value: undefined,
      missing: ['order_line_item_price_detail'],
    });
    // Reading changes nothing (it used to delete the partition): the old bookmark still stands for the
    // streams it was synced for, and a run killed before the re-read's first checkpoint starts over again.
    expect(state.snapshot()).toEqual(before);
    expect(state.bookmark('orders', '1', ['order_line_items']).value).toBe(500);
    expect(state.bookmark('orders', '1', ['order_line_items', 'order_line_item_price_detail']).value).toBeUndefined();
    // The re-read's first checkpoint replaces it, although its value is lower; from there it moves forward only.
    const grown = ['orders', 'order_line_items', 'order_line_item_price_detail'];
    expect(state.advance('orders', '1', 100, grown)).toBe(true);
    expect(state.snapshot().bookmarks.orders!.partitions).toEqual([
      { context: { shop_id: '1' }, replication_key: 'update_time', replication_key_value: 100, synced_streams: grown },
    ]);
    expect(state.advance('orders', '1', 90, grown)).toBe(false);
    expect(state.bookmark('orders', '1', grown)).toEqual({ value: 100, missing: [] });
    // A partition without synced_streams (hand-written, older) covers everything.
    const old = new StateManager(TAP_STREAMS, { bookmarks: { orders: { partitions: [{ context: { shop_id: '1' }, replication_key: 'update_time', replication_key_value: 7 }] } } }, 's.json', NOW, quiet().logger);
    expect(old.bookmark('orders', '1', ['orders', 'external_orders']).value).toBe(7);
  });

  test('takeChanged returns a state only when it differs from the last one taken', () => {
    const state = new StateManager(TAP_STREAMS, undefined, 's.json', NOW, quiet().logger, 'unix');
    expect(state.takeChanged()).toEqual({ bookmarks: {} });
    expect(state.takeChanged()).toBeUndefined();
    state.advance('products', '3', 7);
    expect(state.takeChanged()!.bookmarks.products!.partitions![0]!.replication_key_value).toBe(7);
    expect(state.takeChanged()).toBeUndefined();
  });

  test('bookmarks are written as RFC 3339 by default and read in either form, whatever time_format says', () => {
    const input = {
      bookmarks: {
        orders: { partitions: [{ context: { shop_id: '1' }, replication_key: 'update_time', replication_key_value: 1_700_000_000 }] },
        returns: { partitions: [{ context: { shop_id: '1' }, replication_key: 'update_time', replication_key_value: '2023-11-14T22:13:20Z' }] },
      },
    };
    for (const format of ['rfc3339', 'unix'] as const) {
      const state = new StateManager(TAP_STREAMS, input, 's.json', NOW, quiet().logger, format);
      expect(state.bookmark('orders', '1').value).toBe(1_700_000_000);
      expect(state.bookmark('returns', '1').value).toBe(1_700_000_000);
      state.advance('products', '1', 1_700_000_001);
      const written = state.takeChanged()!;
      const values = ['orders', 'returns', 'products'].map((s) => written.bookmarks[s]!.partitions![0]!.replication_key_value);
      expect(values).toEqual(
        format === 'rfc3339'
          ? ['2023-11-14T22:13:20Z', '2023-11-14T22:13:20Z', '2023-11-14T22:13:21Z']
          : [1_700_000_000, 1_700_000_000, 1_700_000_001],
      );
      // What was written reads back the same.
      expect(new StateManager(TAP_STREAMS, written, 's.json', NOW, quiet().logger, format).bookmark('products', '1').value).toBe(1_700_000_001);
    }
  });

  test("the Meltano SDK's non-partitioned stream bookmark stands for the run's shops, then is written per shop", () => {
    const input = { bookmarks: { orders: { replication_key: 'update_time', replication_key_value: '2024-01-01T00:00:00+00:00' } } };
    const { logger, lines } = quiet();
    const state = new StateManager(TAP_STREAMS, input, 's.json', NOW, logger);
    expect(state.bookmark('orders', '1').value).toBe(1_704_067_200);
    expect(lines.filter((l) => l.includes('WARNING'))).toEqual([]);
    expect(lines.join('')).toContain('bookmarks.orders.replication_key_value');
    state.adoptStreamBookmarks(['1', '2']);
    expect(state.snapshot()).toEqual({
      bookmarks: {
        orders: {
          partitions: [
            { context: { shop_id: '1' }, replication_key: 'update_time', replication_key_value: '2024-01-01T00:00:00Z' },
            { context: { shop_id: '2' }, replication_key: 'update_time', replication_key_value: '2024-01-01T00:00:00Z' },
          ],
        },
      },
    });
    // A shop that was not part of that run does not inherit it later: it reads its history from start_date.
    expect(state.bookmark('orders', '3').value).toBeUndefined();
    // A shop's own partition wins over the stream-level value.
    const both = new StateManager(TAP_STREAMS, 
      { bookmarks: { orders: { replication_key_value: 100, partitions: [{ context: { shop_id: '1' }, replication_key: 'update_time', replication_key_value: 500 }] } } },
      's.json', NOW, quiet().logger, 'unix',
    );
    expect(both.bookmark('orders', '1').value).toBe(500);
    expect(both.bookmark('orders', '2').value).toBe(100);
  });

  test('per-shop legacy maps become partitions; what cannot be read is kept and named in one warning', () => {
    const input = {
      bookmarks: {
        orders: { '111': 1_700_000_000, '222': { update_time: '1700000100' }, cursor: 'abc' },
        '333': { returns: { replication_key_value: '2023-11-14T22:13:20Z' }, invoices: 5 },
        products: { replication_key: 'create_time', replication_key_value: 5, '444': 'soon' },
      },
    };
    const { logger, lines } = quiet();
    const state = new StateManager(TAP_STREAMS, input, 's.json', NOW, logger, 'unix');
    expect(state.bookmark('orders', '111').value).toBe(1_700_000_000);
    expect(state.bookmark('orders', '222').value).toBe(1_700_000_100);
    expect(state.bookmark('returns', '333').value).toBe(1_700_000_000);
    expect(state.bookmark('products', '444').value).toBeUndefined();
    expect(state.bookmark('products', '555').value).toBeUndefined(); // keyed on create_time: not ours
    const warnings = lines.filter((l) => l.includes('WARNING'));
    expect(warnings).toHaveLength(1);
    for (const part of ['bookmarks.orders.cursor', 'bookmarks.333.invoices', 'bookmarks.products.replication_key_value', 'bookmarks.products.444']) {
      expect(warnings[0]).toContain(part);
    }
    const out = state.snapshot();
    expect(out.bookmarks.orders).toEqual({
      cursor: 'abc',
      partitions: [
        { context: { shop_id: '111' }, replication_key: 'update_time', replication_key_value: 1_700_000_000 },
        { context: { shop_id: '222' }, replication_key: 'update_time', replication_key_value: 1_700_000_100 },
      ],
    });
    expect(out.bookmarks['333']).toEqual({ invoices: 5 });
    expect(out.bookmarks.products).toEqual({ replication_key: 'create_time', replication_key_value: 5, '444': 'soon' });
  });

  test('a per-shop legacy value never replaces the partition the shop already has', () => {
    const input = {
      bookmarks: { orders: { '1': 100, partitions: [{ context: { shop_id: '1' }, replication_key: 'update_time', replication_key_value: 500 }] } },
    };
    const state = new StateManager(TAP_STREAMS, input, 's.json', NOW, quiet().logger, 'unix');
    expect(state.bookmark('orders', '1').value).toBe(500);
    expect(state.snapshot().bookmarks.orders!.partitions).toHaveLength(1);
  });
});
