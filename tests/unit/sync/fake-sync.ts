/** Runs the tap's SyncRun against the in-memory FakeShopApi (or any client) and collects its output. */
import { Writable } from 'node:stream';
import { Logger } from '../../../src/log.js';
import { validateConfig } from '../../../src/config.js';
import { selectEverything } from '../../../src/singer/selection.js';
import { StateManager } from '../../../src/singer/state.js';
import { SingerWriter } from '../../../src/singer/writer.js';
import { TAP_DECLARATIONS, TAP_STREAMS } from '../../../src/streams/table.js';
import { SyncRun, type SyncClient } from '../../../src/sync/run.js';

export const SYNC_START = 1_800_000_000;

export interface Message {
  type: string;
  stream?: string;
  record?: Record<string, unknown>;
  value?: { bookmarks: Record<string, { partitions: Array<{ context: { shop_id: string }; replication_key_value: string; synced_streams?: string[] }> }> };
}

/** A bookmark as Unix seconds (bookmarks are RFC 3339 strings by default, like the replication key in records). */
export const seconds = (bookmark: string): number => {
  expect(bookmark).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  return Date.parse(bookmark) / 1000;
};

export async function sync(
  api: SyncClient,
  options: {
    state?: unknown;
    config?: Record<string, unknown>;
    selection?: ReturnType<typeof selectEverything>;
    onRun?: (run: SyncRun) => void;
    onLog?: (line: string) => void;
    /** The run's "now" (Unix seconds); SYNC_START unless said. */
    syncStart?: number;
    /** Checkpoint throttling (SyncOptions): the run's default unless said. */
    stateIntervalMs?: number;
    clock?: () => number;
  } = {},
) {
  let out = '';
  const sink = new Writable({
    write(chunk, _enc, done) {
      out += chunk.toString();
      done();
    },
  });
  const logs: string[] = [];
  const logger = new Logger({
    write: (line) => {
      logs.push(line);
      options.onLog?.(line);
    },
  });
  const config = validateConfig(
    { app_key: 'k', app_secret: 'secret-1', refresh_token: 'refresh-1', page_size: 10, progress_interval: 0, start_date: '2023-01-01', ...options.config },
    { requireCredentials: true },
  );
  const run = new SyncRun(TAP_DECLARATIONS, {
    config,
    selection: options.selection ?? selectEverything(TAP_STREAMS),
    state: new StateManager(TAP_STREAMS, options.state, 'test', options.syncStart ?? SYNC_START, logger),
    writer: new SingerWriter(sink),
    logger,
    client: api,
    syncStart: options.syncStart ?? SYNC_START,
    ...(options.stateIntervalMs !== undefined ? { stateIntervalMs: options.stateIntervalMs } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  options.onRun?.(run);
  const code = await run.run();
  const messages = out.trim().split('\n').map((line) => JSON.parse(line) as Message);
  const records = (stream: string) => messages.filter((m) => m.type === 'RECORD' && m.stream === stream).map((m) => m.record!);
  const state = () => messages.filter((m) => m.type === 'STATE').at(-1)?.value;
  const finalBookmark = (stream: string, shopId: string) =>
    messages.filter((m) => m.type === 'STATE').at(-1)?.value?.bookmarks[stream]?.partitions.find((p) => p.context.shop_id === shopId);
  return { code, messages, logs: logs.join(''), records, finalBookmark, state };
}

/** A selection of only the named streams (everything else deselected). */
export function only(...streams: string[]): ReturnType<typeof selectEverything> {
  const selection = selectEverything(TAP_STREAMS);
  for (const [name, entry] of selection) entry.emit = streams.includes(name);
  return selection;
}
