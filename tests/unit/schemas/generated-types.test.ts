/** src/generated/records.ts must be what scripts/generate-types.mjs makes of schemas/ today. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RecordsByStream, StreamName } from '../../../src/generated/records.js';
import { STREAM_NAMES } from '../../../src/streams/table.js';
import { ROOT, schemaFiles } from './schema-helpers.js';

interface Codegen {
  generateRecordTypes(): Promise<string>;
}

test('src/generated/records.ts is up to date with schemas/ (regenerate: npm run generate-types)', async () => {
  // A computed specifier keeps tsc from looking for type declarations of the .mjs script.
  const script = pathToFileURL(join(ROOT, 'scripts', 'generate-types.mjs')).href;
  const { generateRecordTypes } = (await import(script)) as Codegen;
  const committed = readFileSync(join(ROOT, 'src', 'generated', 'records.ts'), 'utf8');
  expect(committed).toBe(await generateRecordTypes());
});

test('the generated types name exactly the streams of the stream table, and fit minimal records', () => {
  // Read from the generated text rather than a hand-kept list, so a new stream costs no edit here: a stream in
  // src/streams/table.ts without a schema (or a schema without a stream) fails this until both agree.
  const text = readFileSync(join(ROOT, 'src', 'generated', 'records.ts'), 'utf8');
  const union = /export type StreamName =([^;]*);/.exec(text)?.[1] ?? '';
  const generated = [...union.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]);
  expect(generated.length).toBeGreaterThan(0);
  expect([...generated].sort()).toEqual([...STREAM_NAMES].sort());
  // The generator reads schemas/: one file per stream of the table, no more.
  expect(schemaFiles()).toEqual([...STREAM_NAMES].map((n) => `${n}.json`).sort());
  const name: StreamName = 'orders';
  expect(STREAM_NAMES).toContain(name);
  const order: RecordsByStream['orders'] = { id: '1', shop_id: '2', update_time: 1740826800, payment: null };
  const priceLine: RecordsByStream['order_line_item_price_detail'] = {
    order_id: '1',
    line_item_id: '3',
    shop_id: '2',
    order_price_detail: { subtotal: '56.27', unknown_later_field: 1 },
  };
  expect([order, priceLine]).toHaveLength(2);
});
