/**
 * The validators the build compiles (scripts/build-validators.mjs, ajv standalone code) accept and reject exactly
 * what ajv compiling the same schemas at start accepts and rejects, with the same first error, for every stream
 * schema in schemas/ and for the settings; and a run uses them (npm test builds first).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { ValidateFunction } from 'ajv';
import { PACKAGE_ROOT } from '../../../src/package-root.js';
import type { JsonSchema } from '../../../src/singer/json-schema.js';
import { SETTINGS_SCHEMA } from '../../../src/settings.js';
import { Logger } from '../../../src/log.js';
import { selectEverything } from '../../../src/singer/selection.js';
import { SingerWriter } from '../../../src/singer/writer.js';
import { TAP_STREAMS } from '../../../src/streams/table.js';
import { StreamOutput } from '../../../src/sync/stream-output.js';
import { builtRecordValidators, builtSettingsValidator } from '../../../src/validation/built.js';
import { recordPlan } from '../../../src/validation/plan.js';
import { quickAccept } from '../../../src/validation/quick-accept.js';
import { compileRecordSchema, compileSettingsSchema } from '../../../src/validation/runtime.js';

const STREAMS = readdirSync(join(PACKAGE_ROOT, 'schemas'))
  .filter((file) => file.endsWith('.json'))
  .map((file) => file.slice(0, -'.json'.length));
const schemaOf = (stream: string): JsonSchema => JSON.parse(readFileSync(join(PACKAGE_ROOT, 'schemas', `${stream}.json`), 'utf8')) as JsonSchema;

const PRIMITIVES: unknown[] = [null, 0, 1, -1, 1.5, 1_700_000_000, '', 'x', '12.34', '2024-01-01T00:00:00Z', true, false, [], {}];

/** Values around a schema: wrong types and right ones, at its level and below (objects' properties, array items). */
function candidates(schema: JsonSchema, depth = 0): unknown[] {
  const values = [...PRIMITIVES];
  if (depth >= 3) return values;
  for (const [name, child] of Object.entries(schema.properties ?? {})) {
    for (const value of candidates(child, depth + 1)) values.push({ [name]: value });
  }
  if (schema.items && typeof schema.items === 'object') {
    for (const value of candidates(schema.items as JsonSchema, depth + 1)) values.push([value], [value, value]);
  }
  for (const branch of (schema.anyOf as JsonSchema[] | undefined) ?? []) values.push(...candidates(branch, depth + 1));
  return values;
}

const verdict = (validate: ValidateFunction, value: unknown) => {
  const ok = validate(value);
  return { ok, error: validate.errors?.[0] };
};

describe.each(STREAMS)('built validators of %s', (stream) => {
  const schema = schemaOf(stream);

  test('exist for this very schema', async () => {
    expect(await builtRecordValidators(stream, schema)).toBeDefined();
  });

  test('give the verdict and first error ajv gives at start, for every field and values down to depth 3', async () => {
    const built = (await builtRecordValidators(stream, schema))!;
    const plan = recordPlan(schema);
    let compared = 0;
    let rejected = 0;
    if (plan.kind === 'whole') {
      const runtime = compileRecordSchema(schema);
      for (const value of candidates(schema)) {
        const expected = verdict(runtime, value);
        expect([value, verdict(built.whole!, value)]).toEqual([value, expected]);
        compared++;
        if (!expected.ok) rejected++;
      }
    } else {
      for (const [field, fieldSchema] of plan.fields) {
        const runtime = compileRecordSchema(fieldSchema);
        for (const value of candidates(fieldSchema)) {
          const expected = verdict(runtime, value);
          expect([field, value, verdict(built.fields![field]!, value)]).toEqual([field, value, expected]);
          compared++;
          if (!expected.ok) rejected++;
        }
      }
    }
    // The comparison is not vacuous: both kinds of verdict occur.
    expect(rejected).toBeGreaterThan(0);
    expect(compared - rejected).toBeGreaterThan(0);
  });
});

describe.each(STREAMS)('the quick type test of %s', (stream) => {
  test('accepts only what ajv accepts (it skips the validator only for those)', () => {
    const plan = recordPlan(schemaOf(stream));
    let quickAccepted = 0;
    for (const [field, fieldSchema] of plan.kind === 'fields' ? plan.fields : []) {
      const quick = quickAccept(fieldSchema);
      if (!quick) continue;
      const runtime = compileRecordSchema(fieldSchema);
      for (const value of [...candidates(fieldSchema), Number.NaN, Infinity, -0, 2 ** 53, '1']) {
        if (!quick(value)) continue;
        quickAccepted++;
        expect([field, value, runtime(value)]).toEqual([field, value, true]);
      }
    }
    if (plan.kind === 'fields') expect(quickAccepted).toBeGreaterThan(0);
  });
});

describe('a stream output on built validators', () => {
  /** The error line of writing `record`, with the build's validators (prepared) or ajv's compiled at start. */
  const problem = async (stream: string, record: Record<string, unknown>, prepared: boolean): Promise<string | undefined> => {
    const writer = new SingerWriter(new Writable({ write: (_chunk, _encoding, done) => done() }));
    const output = new StreamOutput(TAP_STREAMS.get(stream), selectEverything(TAP_STREAMS).get(stream)!, writer, new Logger({ write: () => {} }), 'fail');
    if (prepared) await output.prepare();
    try {
      output.write(record, '1', 'T');
      return undefined;
    } catch (error) {
      return (error as Error).message.replace(/.*does not fit its schema: /, '');
    }
  };
  const line = { id: '579128830041178801', order_id: '579128830041112233', shop_id: '1', sale_price: '25.99' };

  test.each([
    ['a wrong type at depth', 'order_line_items', { ...line, item_tax: [{ tax_amount: 2 }] }, 'item_tax.0.tax_amount must be string,null'],
    ['a time that is not Unix seconds', 'orders', { id: '1', shop_id: '1', update_time: '2024-01-01T00:00:00Z' }, 'update_time must be integer'],
    ['a time out of range', 'orders', { id: '1', shop_id: '1', update_time: 1e15 }, 'update_time is not a time in Unix seconds (got 1000000000000000)'],
    ['a missing required field', 'order_line_items', { order_id: '1', shop_id: '1' }, 'id is required'],
    ['null where the schema has no null', 'order_line_items', { ...line, id: null }, 'id must be string'],
    ['a good record', 'order_line_items', line, undefined],
  ])('rejects what the start-up validators reject: %s', async (_what, stream, record, expected) => {
    expect(await problem(stream, record, false)).toBe(expected);
    expect(await problem(stream, record, true)).toBe(expected);
  });
});

describe('the built settings validator', () => {
  const configs: Array<Record<string, unknown>> = [
    {},
    { app_key: 'k', app_secret: 's', refresh_token: 'r' },
    { app_key: '', page_size: 500, request_timeout: 'soon', start_data: '2024-01-01' },
    { start_date: '2024-02-30', end_date: '2024-01-01T10:00:00+0200', shop_ids: ['1', '1', 'x'], shop_shard: '0/2' },
    { start_date: '10:00', time_format: 'iso', log_level: 'loud', external_order_platforms: ['NOPE'], api_base_url: 'ftp://x' },
    { flattening_enabled: 'yes', flattening_max_depth: -1, lookback_window: 1.5, app_secret: 12 },
  ];

  test.each(configs)('gives the errors and fills the defaults ajv does at start: %j', async (config) => {
    const built = (await builtSettingsValidator(SETTINGS_SCHEMA))!;
    const runtime = compileSettingsSchema(SETTINGS_SCHEMA);
    const [a, b] = [structuredClone(config), structuredClone(config)];
    const builtOk = built(a);
    const builtErrors = structuredClone(built.errors);
    expect([builtOk, builtErrors, a]).toEqual([runtime(b), runtime.errors, b]);
  });

  test('rejects something at all (the comparison is not vacuous)', async () => {
    const built = (await builtSettingsValidator(SETTINGS_SCHEMA))!;
    expect(built({ page_size: 'many' })).toBe(false);
    expect(built.errors?.[0]?.instancePath).toBe('/page_size');
  });
});
