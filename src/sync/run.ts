import { EXIT } from '../errors.js';
import type { Logger } from '../log.js';
import { parseDateSetting } from '../date-setting.js';
import type { TapConfig } from '../settings.js';
import { stateMessage } from '../singer/messages.js';
import { anyEmitted, type Selection } from '../singer/selection.js';
import type { StateManager } from '../singer/state.js';
import type { SingerWriter } from '../singer/writer.js';
import type { ApiCaller } from './api-caller.js';
import { syncBounds } from './bounds.js';
import type { Outputs, ShopSyncContext } from './context.js';
import type { TapDeclarations } from './declaration.js';
import { FailureLedger } from './failure-ledger.js';
import { shopListFailure } from './failure-policy.js';
import { runFamily } from './families.js';
import { Progress, type RequestStats } from './progress.js';
import { summarizeRun } from './run-summary.js';
import { ShopFailures } from './shop-failures.js';
import { shopsToSync, type AuthorizedShop } from './shops.js';
import { StreamOutput } from './stream-output.js';

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
  /** Milliseconds between two checkpoint STATE messages at most (default STATE_INTERVAL_MS); 0 writes one per page. */
  stateIntervalMs?: number;
  /** The clock checkpoints are throttled by, in milliseconds (tests give a fake one). */
  clock?: () => number;
}

/**
 * Checkpoints write STATE at most about once a second, as the Meltano SDK throttles state: with many shops a STATE
 * per page made most of stdout state. The end of the run, and a stop or failure, always write the last one.
 */
export const STATE_INTERVAL_MS = 1000;

const span = (seconds: number): string => (seconds % 86_400 === 0 ? `${seconds / 86_400} day(s)` : `${seconds} s`);

/**
 * Orchestration: shops × stream families. Shops run side by side (the client's rate and concurrency limits
 * bound the requests); within a shop the families run one after the other. A failure confined to one shop
 * (deactivated) or to one family of a shop (no permission for returns, a record that does not fit) is logged and
 * the rest goes on. What a failure ends and how the run ends (exit code, summary line) is the failure policy's
 * (src/sync/failure-policy.ts, kept by ShopFailures per shop and FailureLedger for the run); the closing metrics
 * and summary lines are src/sync/run-summary.ts's. This class keeps the order of things: SCHEMA, shops × families,
 * checkpoints, the last STATE.
 */
export class SyncRun {
  private stopRequested = false;
  /** SCHEMA messages are out; from here on a STATE belongs in the output. */
  private started = false;
  /** When the last checkpoint STATE went out (options.clock). */
  private lastCheckpointAt = -Infinity;
  readonly outputs: Outputs;
  readonly progress: Progress;

  constructor(
    private readonly declarations: TapDeclarations,
    private readonly options: SyncOptions,
  ) {
    const { selection, writer, logger, config } = options;
    this.outputs = Object.fromEntries(
      declarations.streams.all.map((def) => [
        def.name,
        new StreamOutput(def, selection.get(def.name)!, writer, logger.child({ stream: def.name }), config.invalid_record_action, config.time_format,
          config.flattening_enabled ? config.flattening_max_depth : undefined),
      ]),
    );
    this.progress = new Progress(this.outputs, () => options.client.stats(), logger);
  }

  /** Asks every shop to stop after its current page. */
  stop(): void {
    this.stopRequested = true;
  }

  /**
   * A checkpoint: the STATE of the pages written so far, unless one went out less than stateIntervalMs ago (the
   * bookmarks held back then go out with a later checkpoint or the run's last STATE). Records are drained first.
   */
  private async checkpoint(): Promise<void> {
    await this.options.writer.drain();
    const now = (this.options.clock ?? Date.now)();
    if (now - this.lastCheckpointAt < (this.options.stateIntervalMs ?? STATE_INTERVAL_MS)) return;
    this.lastCheckpointAt = now;
    this.emitState();
  }

  /** The last safe STATE: bookmarks only ever cover pages whose records (and children) were written. */
  emitState(closing = false): void {
    const { state, writer } = this.options;
    // Closing, a run ends on a STATE even when no bookmark moved since the last one: records of a snapshot stream
    // (inventory, full table) may follow it, and a target that commits on STATE would otherwise hold them.
    const changed = state.takeChanged() ?? (closing && writer.linesWritten > this.linesAtState ? state.snapshot() : undefined);
    if (!changed) return;
    writer.writeMessage(stateMessage(changed));
    this.linesAtState = writer.linesWritten;
  }
  private linesAtState = 0;

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
    const emitted = this.declarations.streams.names.filter((name) => selection.get(name)?.emit);
    if (emitted.length === 0) {
      logger.warn('the catalog selects no stream: nothing to sync (select streams with "selected": true in the catalog metadata)');
      return EXIT.OK;
    }
    const syncStart = this.options.syncStart ?? Math.floor(Date.now() / 1000);
    for (const name of emitted) writer.writeMessage(this.outputs[name]!.schemaMessage());
    this.started = true;
    // With input state, say where we start from before any record (the Meltano SDK does the same).
    this.emitState();

    const authorized = await client.authorizedShops().catch((error: unknown) => {
      throw shopListFailure(error);
    });
    const shops = shopsToSync(authorized, config);
    this.options.state.adoptStreamBookmarks(shops.map((shop) => shop.id));
    if (shops.length === 0) {
      logger.warn(
        authorized.length === 0
          ? 'the access token reaches no shop: have the seller authorize the app for their shop'
          : `no shop to sync after shop_ids / shop_shard (the token reaches ${authorized.length})`,
      );
    }
    logger.info(`syncing ${shops.length} shop(s): ${shops.map((s) => `${s.id}${s.name ? ` (${s.name})` : ''}`).join(', ') || 'none'}`);
    const extractedAt = new Date().toISOString();
    for (const family of this.declarations.families) {
      if (family.read.kind !== 'shop-list') continue;
      for (const shop of shops) this.outputs[family.root]!.write(family.records(shop, shop.id, undefined).record, shop.id, extractedAt);
    }
    await writer.drain();

    this.progress.start(config.progress_interval);
    const ledger = new FailureLedger(shops.length, logger);
    await Promise.all(
      shops.map(async (shop) => {
        try {
          ledger.shopSynced(await this.syncShop(shop, syncStart));
        } catch (error) {
          if (ledger.shopFailed(shop, error)) this.stop();
        }
      }),
    );
    this.progress.stop();
    ledger.throwIfEnded();
    this.emitState(true);
    await writer.drain();
    summarizeRun(this.outputs, shops, this.progress, logger);
    return ledger.settle();
  }

  /**
   * Syncs one shop's families one after the other, each on its own (src/sync/shop-failures.ts). Returns how many
   * ran to the end and which failed; throws when the shop (or the run) cannot go on.
   */
  private async syncShop(shop: AuthorizedShop, syncStart: number): Promise<ReturnType<ShopFailures['settle']>> {
    const { config, selection, state, logger, client } = this.options;
    /** Child streams whose endpoint refused everything in this run: bookmarks no longer vouch for them. */
    const unsynced = new Set<string>();
    const familyOf = (root: string) => this.declarations.streams.familyOf(root);
    const emittedFamily = (root: string) => familyOf(root).filter((name) => selection.get(name)?.emit && !unsynced.has(name));
    const shopLogger = logger.child({ shop_id: shop.id });
    const startDate = parseDateSetting(config.start_date) ?? 0;
    const endDate = config.end_date === undefined ? undefined : parseDateSetting(config.end_date);
    const failures = new ShopFailures(shop, shopLogger);
    /** The shop's bookmark of a root stream, undefined when it starts from start_date (FULL_TABLE, or a child not synced up to it). */
    const bookmarkOf = (stream: string): number | undefined => {
      const fullTable = selection.get(stream)?.replicationMethod === 'FULL_TABLE';
      const found = fullTable ? { value: undefined, missing: [] } : state.bookmark(stream, shop.id, emittedFamily(stream));
      if (found.missing.length) {
        shopLogger.warn(
          `${stream}: ${found.missing.join(', ')} ${found.missing.length > 1 ? 'were' : 'was'} not synced up to the stored bookmark, so ${stream} and its children start over from start_date`,
          { stream },
        );
      }
      return found.value;
    };
    const ctx: ShopSyncContext = {
      api: client,
      shop: {
        id: shop.id,
        cipher: shop.cipher,
        ...(shop.name ? { name: shop.name } : {}),
        ...(typeof shop.region === 'string' ? { region: shop.region } : {}),
        ...(typeof shop.seller_type === 'string' ? { sellerType: shop.seller_type } : {}),
      },
      outputs: this.outputs,
      config,
      logger: shopLogger,
      boundsFor: (stream, trailing, floor) => {
        const bookmark = bookmarkOf(stream);
        const trailingSeconds = trailing?.seconds(config) ?? 0;
        const bounds = syncBounds({
          bookmark, lookbackSeconds: config.lookback_window, trailingSeconds, startDate: Math.max(startDate, floor ?? 0), endDate, syncStart,
        });
        const field = this.declarations.streams.get(stream).replicationKey ?? 'update_time';
        shopLogger.info(
          `${stream}: starting ${bookmark === undefined ? 'from start_date' : `from bookmark ${bookmark} (${new Date(bookmark * 1000).toISOString()})`}` +
            (trailing && trailingSeconds > 0 && bookmark !== undefined ? `, less ${span(trailingSeconds)} read again (${trailing.setting})` : '') +
            (bounds
              ? `, reading ${field} in [${new Date(bounds.lo * 1000).toISOString()}, ${new Date(bounds.hi * 1000).toISOString()})`
              : ', nothing new to read'),
          { stream },
        );
        return bounds;
      },
      kept: (stream, key) => state.kept(stream, shop.id, key),
      keep: (stream, key, value) => state.keep(stream, shop.id, key, value),
      reportSpan: (stream) => ({ bookmark: bookmarkOf(stream), startDate, endDate, syncStart }),
      advance: (stream, value) => state.advance(stream, shop.id, value, emittedFamily(stream)),
      checkpoint: () => this.checkpoint(),
      stopping: () => this.stopRequested,
      childRefused: (stream) => this.progress.childRefused(stream, shop.id),
      unsynced: (streams) => {
        for (const name of streams) unsynced.add(name);
        failures.childStreamsDisabled(streams);
      },
      pageRead: () => {
        this.progress.pages++;
      },
      now: () => new Date().toISOString(),
      tags: (stream) => ({ stream, shop_id: shop.id }),
    };
    const families = this.declarations.families.filter((family) => family.read.kind !== 'shop-list' && anyEmitted(selection, familyOf(family.root)));
    for (const family of families) {
      if (this.stopRequested) break;
      // Said once, for every family needing the scope, when the first one failed; no request is made.
      if (failures.skipForMissingScope(family)) continue;
      // The API host was unreachable for an earlier family: said once, then the rest fail without waiting for retries.
      if (failures.skipForUnreachable(family)) continue;
      const started = Date.now();
      try {
        await runFamily(ctx, family);
        failures.familySynced();
      } catch (error) {
        failures.familyFailed(family, error, families);
      }
      this.progress.familyDone(family.root, (Date.now() - started) / 1000);
    }
    return failures.settle();
  }
}
