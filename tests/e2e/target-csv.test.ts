import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/index.js';
import { STREAMS, STREAM_NAMES } from '../../src/streams/table.js';
import { parseMessages, recordsOf, runTap, tempDir, type SingerMessage } from './run-tap.js';
import { briskSandboxConfig } from './sandbox-config.js';

type Json = Record<string, unknown>;

/**
 * The column names singer-io/target-csv gives a record (target_csv.py `flatten`): every nested object is descended
 * into, whatever the schema says, its keys joined to the parent's with `__`; anything else (lists included) is one
 * cell. target-csv takes a stream's header from its first record and writes later rows under it, so a row whose
 * key list differs from the first one's lands misaligned.
 */
function targetCsvKeys(record: Json, parent = ''): string[] {
  const keys: string[] = [];
  for (const [key, value] of Object.entries(record)) {
    const name = parent ? `${parent}__${key}` : key;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) keys.push(...targetCsvKeys(value as Json, name));
    else keys.push(name);
  }
  return keys;
}

/** Per stream, the distinct key lists its rows would have; one list (equal to the first row's) means aligned rows. */
function keyListsOf(messages: SingerMessage[], keysOf: (record: Json) => string[]): Map<string, string[]> {
  return new Map(STREAM_NAMES.map((stream) => [stream, [...new Set(recordsOf(messages, stream).map((r) => keysOf(r).join(',')))]]));
}

describe('rows line up in target-csv (built binary vs sandbox, full sync, no catalog)', () => {
  let sandbox: SandboxHandle;
  let dir: string;
  let plain: SingerMessage[];
  let flat: SingerMessage[];
  /** Flattened as deep as the schemas go: objects at every depth become columns. */
  let deep: SingerMessage[];

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 11, shops: 2, orders: 120, products: 20, days: 30 });
    dir = tempDir();
    const plainRun = await runTap(['--config', briskSandboxConfig(sandbox, dir)]);
    expect({ code: plainRun.code, stderr: plainRun.code === 0 ? '' : plainRun.stderr }).toEqual({ code: 0, stderr: '' });
    plain = parseMessages(plainRun.stdout);
    const flatRun = await runTap(['--config', briskSandboxConfig(sandbox, dir, { flattening_enabled: true, flattening_max_depth: 1 })]);
    expect({ code: flatRun.code, stderr: flatRun.code === 0 ? '' : flatRun.stderr }).toEqual({ code: 0, stderr: '' });
    flat = parseMessages(flatRun.stdout);
    const deepRun = await runTap(['--config', briskSandboxConfig(sandbox, dir, { flattening_enabled: true, flattening_max_depth: 10 })]);
    expect({ code: deepRun.code, stderr: deepRun.code === 0 ? '' : deepRun.stderr }).toEqual({ code: 0, stderr: '' });
    deep = parseMessages(deepRun.stdout);
  }, 300_000);

  afterAll(async () => {
    await sandbox.close();
  });

  test('without flattening, every row has the first row\'s top-level keys', () => {
    for (const [stream, lists] of keyListsOf(plain, Object.keys)) {
      expect([stream, lists.length]).toEqual([stream, recordsOf(plain, stream).length ? 1 : 0]);
    }
  });

  test('without flattening, target-csv\'s own flattening of nested objects misaligns rows (what flattening_enabled is for)', () => {
    // If this fails, the sandbox no longer varies nested objects, and the next test proves nothing.
    const misaligned = [...keyListsOf(plain, targetCsvKeys)].filter(([, lists]) => lists.length > 1).map(([stream]) => stream);
    expect(misaligned.length).toBeGreaterThan(0);
  });

  test.each([1, 10])('with flattening_enabled (depth %i), target-csv gives every row of every stream exactly its first row\'s columns', (depth) => {
    const messages = depth === 1 ? flat : deep;
    for (const stream of STREAM_NAMES) expect([stream, recordsOf(messages, stream).length]).toEqual([stream, recordsOf(plain, stream).length]);
    for (const [stream, lists] of keyListsOf(messages, targetCsvKeys)) {
      expect([stream, lists.length]).toEqual([stream, recordsOf(messages, stream).length ? 1 : 0]);
    }
  });

  test('with flattening_enabled, SCHEMA messages announce the flattened columns, records fit them, keys unchanged', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats.default(ajv);
    for (const message of flat.filter((m) => m.type === 'SCHEMA')) {
      const stream = message.stream! as keyof typeof STREAMS;
      const columns = Object.keys((message.schema as { properties: Json }).properties);
      const validate = ajv.compile(message.schema!);
      expect((message as unknown as { key_properties: string[] }).key_properties).toEqual(STREAMS[stream]!.keyProperties);
      for (const record of recordsOf(flat, stream)) {
        expect([stream, Object.keys(record)]).toEqual([stream, columns]);
        expect([stream, validate(record), validate.errors]).toEqual([stream, true, null]);
      }
    }
    const orders = flat.find((m) => m.type === 'SCHEMA' && m.stream === 'orders')!;
    const ordersColumns = Object.keys((orders.schema as { properties: Json }).properties);
    expect(ordersColumns).toEqual(expect.arrayContaining(['payment__total_amount', 'recipient_address__delivery_preferences']));
    expect(ordersColumns).not.toContain('payment');
    const deepOrders = deep.find((m) => m.type === 'SCHEMA' && m.stream === 'orders')!;
    expect(Object.keys((deepOrders.schema as { properties: Json }).properties)).not.toContain('recipient_address__delivery_preferences');
  });
});
