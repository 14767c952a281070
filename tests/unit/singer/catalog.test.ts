import { readFileSync } from 'node:fs';
import { discoverCatalog } from '../../../src/singer/catalog.js';
import { STREAMS, STREAM_NAMES, TAP_STREAMS } from '../../../src/streams/table.js';

describe('discovery', () => {
  const catalog = discoverCatalog(TAP_STREAMS);

  test('catalog.json in the repo equals --discover output (regenerate with npm run catalog)', () => {
    expect(JSON.parse(readFileSync(new URL('../../../catalog.json', import.meta.url), 'utf8'))).toEqual(catalog);
  });

  test('exactly the declared streams, stream == tap_stream_id', () => {
    expect(catalog.streams.map((s) => s.tap_stream_id)).toEqual([...STREAM_NAMES]);
    for (const entry of catalog.streams) expect(entry.stream).toBe(entry.tap_stream_id);
  });

  test('one root metadata entry and one entry per top-level property, keys automatic, others available', () => {
    for (const entry of catalog.streams) {
      const def = STREAMS[entry.tap_stream_id]!;
      const roots = entry.metadata!.filter((m) => m.breadcrumb.length === 0);
      expect(roots).toHaveLength(1);
      expect(roots[0]!.metadata).toMatchObject({
        inclusion: 'available',
        'selected-by-default': true,
        'table-key-properties': def.keyProperties,
        'forced-replication-method': def.replicationMethod,
        'valid-replication-keys': def.replicationKey ? [def.replicationKey] : [],
      });
      const fields = entry.metadata!.filter((m) => m.breadcrumb.length === 2).map((m) => m.breadcrumb[1]);
      expect(fields).toEqual(Object.keys(entry.schema.properties!));
      expect(new Set(fields).size).toBe(fields.length);
      for (const m of entry.metadata!.filter((m) => m.breadcrumb.length === 2)) {
        const field = m.breadcrumb[1]!;
        const automatic = def.keyProperties.includes(field) || def.replicationKey === field;
        expect([field, m.metadata.inclusion]).toEqual([field, automatic ? 'automatic' : 'available']);
      }
    }
  });

  test('no $ref in any schema', () => {
    expect(JSON.stringify(catalog)).not.toContain('$ref');
  });
});
