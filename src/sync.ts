import { EXIT, TapError } from './errors.js';
import type { Logger } from './log.js';
import { parseDateSetting } from './config.js';
import type { TapConfig } from './settings.js';
import { stateMessage } from './singer/messages.js';
import { anyEmitted, type Selection } from './singer/selection.js';
import type { StateManager } from './singer/state.js';
import type { SingerWriter } from './singer/writer.js';
import { syncOrders } from './streams/orders.js';
import { syncProducts } from './streams/products.js';
import { syncReturns } from './streams/returns.js';
import { familyOf, STREAM_NAMES, type StreamName } from './streams/table.js';
import type { ApiCaller } from './sync/api-caller.js';
import { syncBounds } from './sync/bounds.js';
import type { Outputs, ShopSyncContext } from './sync/context.js';
import { Progress, type RequestStats } from './sync/progress.js';
import { shopsToSync, type AuthorizedShop } from './sync/shops.js';
import { StreamOutput } from './sync/stream-output.js';

export interface SyncClient extends ApiCaller {
  authorizedShops(): Promise<AuthorizedShop[]>;
  stats(): RequestStats;
}

export interface SyncOptions {
  config: TapConfig;
  selection: Selection;
  state: StateManager;
  writer: SingerWriter;
  logger: Logger;
  client: SyncClient;
  /** Unix seconds; the run never bookmarks past it. */
  syncStart?: number;
}

/** Errors that end the whole run at once, rather than only the shop they happened in. */
const RUN_ENDING = new Set(['OUTPUT_CLOSED']);

/** A bug (anything not a TapError) or a run-ending error stops every shop; other errors stop only their shop. */
function endsRun(error: unknown): boolean {
  return !(error instanceof TapError) || RUN_ENDING.has(error.code);
}

const FAMILIES: Array<{ root: StreamName; run: (ctx: ShopSyncContext) => Promise<void> }> = [
  { root: 'orders', run: syncOrders },
  { root: 'returns', run: syncReturns },
  { root: 'products', run: syncProducts },
];

/**
 * Orchestration: shops × stream families. Shops run side by side (the client's rate and concurrency limits
 * bound the requests); within a shop the families run one after the other. A failure confined to one shop
 * (deactivated, no permission) is logged and the other shops go on; the exit code then says so.
 */
export class SyncRun {
  private stopRequested = false;
  /** SCHEMA messages are out; from here on a STATE belongs in the output. */
  private started = false;
  readonly outputs: Outputs;
  readonly progress: Progress;

  constructor(private readonly options: SyncOptions) {
    const { selection, writer, logger, config } = options;
    this.outputs = Object.fromEntries(
      STREAM_NAMES.map((name) => [
        name,
        new StreamOutput(name, selection.get(name)!, writer, logger.child({ stream: name }), config.invalid_record_action),
      ]),
    ) as Outputs;
    this.progress = new Progress(this.outputs, () => options.client.stats(), logger);
  }

  /** Asks every shop to stop after its current page. */
  stop(): void {
    this.stopRequested = true;
  }

  /** The last safe STATE: bookmarks only ever cover pages whose records (and children) were written. */
  emitState(): void {
    const changed = this.options.state.takeChanged();
    if (changed) this.options.writer.writeMessage(stateMessage(changed));
  }

  async run(): Promise<number> {
    try {
      return await this.syncAll();
    } finally {
      // Whatever ended the run, the bookmarks checkpointed so far go out: they only cover written records.
      if (this.started && !this.options.writer.closed) {
        this.emitState();
        this.options.writer.flush();
      }
    }
  }

  private async syncAll(): Promise<number> {
    const { config, selection, writer, logger, client } = this.options;
    const emitted = STREAM_NAMES.filter((name) => selection.get(name)?.emit);
    if (emitted.length === 0) {
      logger.warn('the catalog selects no stream: nothing to sync (select streams with "selected": true in the catalog metadata)');
      return EXIT.OK;
    }
    const syncStart = this.options.syncStart ?? Math.floor(Date.now() / 1000);
    for (const name of emitted) writer.writeMessage(this.outputs[name].schemaMessage());
    this.started = true;
    // With input state, say where we start from before any record (the Meltano SDK does the same).
    this.emitState();

    const authorized = await client.authorizedShops().catch((error: unknown) => {
      // A shop-level error on the shop list itself (a deactivated seller) ends the run: nothing can sync.
      if (error instanceof TapError && error.exitCode === EXIT.PARTIAL) {
        throw new TapError(error.code, error.message, { ...(error.hint ? { hint: error.hint } : {}), exitCode: EXIT.API });
      }
      throw error;
    });
    const shops = shopsToSync(authorized, config);
    if (shops.length === 0) {
      logger.warn(
        authorized.length === 0
          ? 'the access token reaches no shop: have the seller authorize the app for their shop'
          : `no shop to sync after shop_ids / shop_shard (the token reaches ${authorized.length})`,
      );
    }
    logger.info(`syncing ${shops.length} shop(s): ${shops.map((s) => `${s.id}${s.name ? ` (${s.name})` : ''}`).join(', ') || 'none'}`);
    const extractedAt = new Date().toISOString();
    for (const shop of shops) this.outputs.shops.write({ ...shop, shop_id: shop.id }, shop.id, extractedAt);
    await writer.drain();

    this.progress.start(config.progress_interval);
    const failures: Array<{ shop: AuthorizedShop; error: unknown }> = [];
    let runEnding: unknown;
    await Promise.all(
      shops.map(async (shop) => {
        try {
          await this.syncShop(shop, syncStart);
        } catch (error) {
          if (endsRun(error)) {
            runEnding ??= error;
            this.stop();
            return;
          }
          failures.push({ shop, error });
          if (shops.length === 1) return; // the run's own error line will say it
          const message = error instanceof TapError ? error.userLine() : String(error);
          logger.error(`shop ${shop.id}${shop.name ? ` (${shop.name})` : ''} failed and was skipped: ${message}`);
        }
      }),
    );
    this.progress.stop();
    if (runEnding) throw runEnding;
    this.emitState();
    await writer.drain();
    this.emitMetrics(shops);
    this.progress.summary();
    if (failures.length === 0) return EXIT.OK;
    if (failures.length === shops.length) {
      // Nothing synced: a failed run, not a partial one. The exit code is the shops' own when it is not "partial"
      // (a record that does not fit stays exit 4).
      const first = failures[0]!.error;
      const message = first instanceof TapError ? first.message : String(first);
      const exitCode = first instanceof TapError && first.exitCode !== EXIT.PARTIAL ? first.exitCode : EXIT.API;
      throw new TapError('SYNC_FAILED', shops.length === 1 ? message : `every shop failed; first: ${message}`, {
        ...(first instanceof TapError && first.hint ? { hint: first.hint } : {}),
        exitCode,
      });
    }
    logger.error(`${failures.length} of ${shops.length} shops failed; the others synced (exit code ${EXIT.PARTIAL})`);
    return EXIT.PARTIAL;
  }

  private async syncShop(shop: AuthorizedShop, syncStart: number): Promise<void> {
    const { config, selection, state, writer, logger, client } = this.options;
    const emittedFamily = (root: StreamName) => familyOf(root).filter((name) => selection.get(name)?.emit);
    const shopLogger = logger.child({ shop_id: shop.id });
    const startDate = parseDateSetting(config.start_date) ?? 0;
    const endDate = config.end_date === undefined ? undefined : parseDateSetting(config.end_date);
    const ctx: ShopSyncContext = {
      api: client,
      shop: { id: shop.id, cipher: shop.cipher, ...(shop.name ? { name: shop.name } : {}) },
      outputs: this.outputs,
      config,
      logger: shopLogger,
      boundsFor: (stream) => {
        const fullTable = selection.get(stream)?.replicationMethod === 'FULL_TABLE';
        const found = fullTable ? { value: undefined, missing: [] } : state.bookmark(stream, shop.id, emittedFamily(stream));
        const bookmark = found.value;
        if (found.missing.length) {
          shopLogger.warn(
            `${stream}: ${found.missing.join(', ')} ${found.missing.length > 1 ? 'were' : 'was'} not synced up to the stored bookmark, so ${stream} and its children start over from start_date`,
            { stream },
          );
        }
        const bounds = syncBounds({ bookmark, lookbackSeconds: config.lookback_window, startDate, endDate, syncStart });
        shopLogger.info(
          `${stream}: starting ${bookmark === undefined ? 'from start_date' : `from bookmark ${bookmark} (${new Date(bookmark * 1000).toISOString()})`}` +
            (bounds
              ? `, reading update_time in [${new Date(bounds.lo * 1000).toISOString()}, ${new Date(bounds.hi * 1000).toISOString()})`
              : ', nothing new to read'),
          { stream },
        );
        return bounds;
      },
      advance: (stream, value) => state.advance(stream, shop.id, value, emittedFamily(stream)),
      checkpoint: async () => {
        await writer.drain();
        this.emitState();
      },
      stopping: () => this.stopRequested,
      pageRead: () => {
        this.progress.pages++;
      },
      now: () => new Date().toISOString(),
      tags: (stream) => ({ stream, shop_id: shop.id }),
    };
    for (const family of FAMILIES) {
      if (this.stopRequested) return;
      if (!anyEmitted(selection, familyOf(family.root))) continue;
      const started = Date.now();
      await family.run(ctx);
      this.progress.familyDone(family.root, (Date.now() - started) / 1000);
    }
  }

  private emitMetrics(shops: AuthorizedShop[]): void {
    for (const output of Object.values(this.outputs)) {
      if (!output.emit) continue;
      for (const shop of shops) {
        this.options.logger.metric({
          type: 'counter',
          metric: 'record_count',
          value: output.counts.get(shop.id) ?? 0,
          tags: { stream: output.name, shop_id: shop.id },
        });
      }
    }
  }
}
