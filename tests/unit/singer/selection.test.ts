import { discoverCatalog, type Catalog } from '../../../src/singer/catalog.js';
import { selectionFromCatalog, selectEverything } from '../../../src/singer/selection.js';
import { STREAM_NAMES, TAP_STREAMS } from '../../../src/streams/table.js';

function catalog(): Catalog {
  return structuredClone(discoverCatalog(TAP_STREAMS));
}

function setStream(cat: Catalog, stream: string, metadata: Record<string, unknown>): void {
  const entry = cat.streams.find((s) => s.tap_stream_id === stream)!;
  Object.assign(entry.metadata!.find((m) => m.breadcrumb.length === 0)!.metadata, metadata);
}

function setField(cat: Catalog, stream: string, field: string, metadata: Record<string, unknown>): void {
  const entry = cat.streams.find((s) => s.tap_stream_id === stream)!;
  Object.assign(entry.metadata!.find((m) => m.breadcrumb[1] === field)!.metadata, metadata);
}

const emitted = (selection: ReturnType<typeof selectEverything>) =>
  STREAM_NAMES.filter((name) => selection.get(name)!.emit);

describe('catalog selection (Meltano SDK rules)', () => {
  test('no catalog selects every stream and field', () => {
    expect(emitted(selectEverything(TAP_STREAMS))).toEqual([...STREAM_NAMES]);
  });

  test('the discovered catalog fed back unchanged selects everything', () => {
    expect(emitted(selectionFromCatalog(TAP_STREAMS, catalog(), 'c.json'))).toEqual([...STREAM_NAMES]);
  });

  test('selected:false deselects; streams absent from the catalog are skipped', () => {
    const cat = catalog();
    setStream(cat, 'returns', { selected: false });
    cat.streams = cat.streams.filter((s) => s.tap_stream_id !== 'products');
    const selection = selectionFromCatalog(TAP_STREAMS, cat, 'c.json');
    expect(selection.get('returns')!.emit).toBe(false);
    expect(selection.get('products')!.emit).toBe(false);
    expect(selection.get('orders')!.emit).toBe(true);
  });

  test('a deselected parent deselects children selected only by default, not children selected explicitly', () => {
    const cat = catalog();
    setStream(cat, 'orders', { selected: false });
    setStream(cat, 'order_line_items', { selected: true });
    const selection = selectionFromCatalog(TAP_STREAMS, cat, 'c.json');
    expect(selection.get('order_line_items')!.emit).toBe(true);
    expect(selection.get('order_line_item_price_detail')!.emit).toBe(false);
    expect(selection.get('external_order_line_items')!.emit).toBe(false);
    expect(selection.get('orders')!.emit).toBe(false);
  });

  test('unsupported never, automatic always', () => {
    const cat = catalog();
    setStream(cat, 'shops', { inclusion: 'unsupported', selected: true });
    setStream(cat, 'orders', { inclusion: 'automatic', selected: false });
    const selection = selectionFromCatalog(TAP_STREAMS, cat, 'c.json');
    expect(selection.get('shops')!.emit).toBe(false);
    expect(selection.get('orders')!.emit).toBe(true);
  });

  test('deselected fields are dropped; key and replication-key fields cannot be', () => {
    const cat = catalog();
    setField(cat, 'orders', 'buyer_email', { selected: false });
    setField(cat, 'orders', 'id', { selected: false });
    setField(cat, 'orders', 'update_time', { selected: false });
    const fields = selectionFromCatalog(TAP_STREAMS, cat, 'c.json').get('orders')!.fields!;
    expect(fields.has('buyer_email')).toBe(false);
    expect(fields.has('id')).toBe(true);
    expect(fields.has('update_time')).toBe(true);
    expect(fields.has('status')).toBe(true);
  });

  test('legacy "selected" inside the schema and Meltano top-level replication keys are honoured', () => {
    const cat = catalog();
    for (const entry of cat.streams) {
      entry.metadata = [];
      entry.schema = { ...entry.schema, selected: entry.tap_stream_id === 'orders' };
    }
    const orders = cat.streams.find((s) => s.tap_stream_id === 'orders')!;
    orders.replication_method = 'FULL_TABLE';
    const selection = selectionFromCatalog(TAP_STREAMS, cat, 'c.json');
    expect(emitted(selection)).toEqual(['orders']);
    expect(selection.get('orders')!.replicationMethod).toBe('FULL_TABLE');
  });

  test('rejects a catalog that is not a catalog', () => {
    expect(() => selectionFromCatalog(TAP_STREAMS, { streams: 'x' }, 'c.json')).toThrow(/must be a JSON object with a "streams" array/);
  });

  test('a catalog from another version: an unknown stream is a warning and ignored, the others are selected as asked', () => {
    const cat = catalog();
    cat.streams.push({ tap_stream_id: 'invoices', stream: 'invoices', schema: {}, metadata: [{ breadcrumb: [], metadata: { selected: true } }] });
    setStream(cat, 'returns', { selected: false });
    const warnings: string[] = [];
    const selection = selectionFromCatalog(TAP_STREAMS, cat, 'c.json', (line) => warnings.push(line));
    expect(warnings).toEqual([expect.stringMatching(/^catalog c\.json: stream "invoices" is not a stream of this tap .*ignored — run --discover again/)]);
    expect(selection.has('invoices' as never)).toBe(false);
    expect(selection.get('orders')!.emit).toBe(true);
    expect(selection.get('returns')!.emit).toBe(false);
  });

  test('a catalog from another version: metadata for unknown fields is a warning; fields it does not list follow the stream', () => {
    const cat = catalog();
    const orders = cat.streams.find((s) => s.tap_stream_id === 'orders')!;
    orders.metadata!.push({ breadcrumb: ['properties', 'no_such_field'], metadata: { selected: true } });
    orders.metadata!.push({ breadcrumb: ['properties', 'gone_too'], metadata: { selected: false } });
    setField(cat, 'orders', 'buyer_email', { selected: false });
    // A field added since the catalog was saved: no metadata at all for it.
    orders.metadata = orders.metadata!.filter((m) => m.breadcrumb[1] !== 'status');
    const warnings: string[] = [];
    const fields = selectionFromCatalog(TAP_STREAMS, cat, 'c.json', (line) => warnings.push(line)).get('orders')!.fields!;
    expect(warnings).toEqual([expect.stringMatching(/stream "orders" has metadata for field\(s\) this tap does not have: "no_such_field", "gone_too"; ignored/)]);
    expect(fields.has('no_such_field')).toBe(false);
    expect(fields.has('buyer_email')).toBe(false);
    expect(fields.has('status')).toBe(true);
  });

  test('rejects an unsupported replication key', () => {
    const cat2 = catalog();
    cat2.streams.find((s) => s.tap_stream_id === 'orders')!.replication_key = 'create_time';
    expect(() => selectionFromCatalog(TAP_STREAMS, cat2, 'c.json')).toThrow(/replication key "create_time" is not supported/);
  });
});
