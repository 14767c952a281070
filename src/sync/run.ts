import { EXIT, TapError } from '../errors.js';
import type { Logger } from '../log.js';
import { parseDateSetting } from '../date-setting.js';
import type { TapConfig } from '../settings.js';
import { stateMessage } from '../singer/messages.js';
import { anyEmitted, type Selection } from '../singer/selection.js';
import type { StateManager } from '../singer/state.js';
import type { StreamSet } from '../singer/stream-set.js';
import type { SingerWriter } from '../singer/writer.js';
import type { ApiCaller } from './api-caller.js';
import { syncBounds } from './bounds.js';
import type { Outputs, ShopSyncContext } from './context.js';
import type { FamilyDecl, Grant, StreamDecl } from './declaration.js';
import { runFamily } from './families.js';
import { Progress, type RequestStats } from './progress.js';
import { shopsToSync, type AuthorizedShop } from './shops.js';
import { StreamOutput } from './stream-output.js';

export interface SyncClient extends ApiCaller {
  authorizedShops(): Promise<AuthorizedShop[]>;
  stats(): RequestStats;
}

/** The tap's streams and families, as declared (src/streams/table.ts). */
export interface TapDeclarations {
  streams: StreamSet<StreamDecl>;
  families: readonly FamilyDecl[];
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

/** A bug (anything not a TapError) or a run-ending error stops every shop; other errors stop only their shop. */
function endsRun(error: unknown): boolean {
  return !(error instanceof TapError) || error.scope === 'run';
}

/**
 * Errors about the shop itself (deactivated shop or seller: the client's "skip shop", exit code 3) end the shop;
 * any other error ends only the stream family it happened in (a missing scope for returns leaves orders and
 * products to sync).
 */
function endsShop(error: unknown): boolean {
  return error instanceof TapError && error.scope === 'shop';
}

/** A failure confined to one shop, or to one family of it. */
interface Failure {
  shop: AuthorizedShop;
  /** The family's root stream; undefined when the whole shop failed. */
  family?: string;
  error: unknown;
}

const messageOf = (error: unknown): string => (error instanceof TapError ? error.userLine() : String(error));
/** "a", "a and b", "a, b and c", for log lines. */
const listOf = (names: string[]): string => (names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : (names[0] ?? ''));
const span = (seconds: number): string => (seconds % 86_400 === 0 ? `${seconds / 86_400} day(s)` : `${seconds} s`);
const shopLabel = (shop: AuthorizedShop): string => `shop ${shop.id}${shop.name ? ` (${shop.name})` : ''}`;

/**
 * The one error (and log line) for a shop whose grant lacks a scope: it names the scope, the API's refusal, every
 * family it takes down (`skipped`, which fail with it and make no request) and what to do; the exit code is the
 * refusal's own.
 */
function scopeMissing(shop: AuthorizedShop, grant: Grant, skipped: string[], cause: unknown): TapError {
  return new TapError(
    'SCOPE_MISSING',
    `${shopLabel(shop)}: the app's grant lacks ${grant.scope} (${cause instanceof TapError ? cause.message : String(cause)}), so ${listOf(skipped)} ` +
      `${skipped.length > 1 ? 'are' : 'is'} skipped for this shop and its other streams sync`,
    { hint: grant.fix, exitCode: cause instanceof TapError ? cause.exitCode : EXIT.API },
  );
}

/**
 * Orchestration: shops × stream families. Shops run side by side (the client's rate and concurrency limits
 * bound the requests); within a shop the families run one after the other. A failure confined to one shop
 * (deactivated) or to one family of a shop (no permission for returns, a record that does not fit) is logged and
 * the rest goes on; the summary names what failed and the exit code says so.
 */
export class SyncRun {
  private stopRequested = false;
  /** SCHEMA messages are out; from here on a STATE belongs in the output. */
  private started = false;
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
      // A shop-level error on the shop list itself (a deactivated seller) ends the run: nothing can sync.
      if (endsShop(error)) {
        const shopError = error as TapError;
        throw new TapError(shopError.code, shopError.message, { ...(shopError.hint ? { hint: shopError.hint } : {}), exitCode: EXIT.API, scope: 'run' });
      }
      throw error;
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
    const failures: Failure[] = [];
    /** (shop, family) pairs that ran to the end. */
    let synced = 0;
    let runEnding: unknown;
    await Promise.all(
      shops.map(async (shop) => {
        try {
          synced += await this.syncShop(shop, syncStart, failures);
        } catch (error) {
          if (endsRun(error)) {
            runEnding ??= error;
            this.stop();
            return;
          }
          failures.push({ shop, error });
          if (shops.length === 1) return; // the run's own error line will say it
          logger.error(`${shopLabel(shop)} failed and was skipped: ${messageOf(error)}`);
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
    if (synced === 0) {
      // Nothing synced: a failed run, not a partial one. The exit code is the failure's own when it is not "partial"
      // (a record that does not fit stays exit 4).
      const first = failures[0]!.error;
      const message = first instanceof TapError ? first.message : String(first);
      const exitCode = first instanceof TapError && first.scope !== 'shop' ? first.exitCode : EXIT.API;
      const only = failures.length === 1 && (shops.length === 1 || failures[0]!.family === undefined);
      throw new TapError('SYNC_FAILED', only ? message : `every ${shops.length === 1 ? 'stream family' : 'shop'} failed; first: ${message}`, {
        ...(first instanceof TapError && first.hint ? { hint: first.hint } : {}),
        exitCode,
      });
    }
    const failedShops = failures.filter((f) => f.family === undefined);
    const failedFamilies = failures.filter((f) => f.family !== undefined);
    const parts = [
      ...(failedShops.length ? [`${failedShops.length} of ${shops.length} shops (${failedShops.map((f) => f.shop.id).join(', ')})`] : []),
      ...(failedFamilies.length ? [`stream families ${failedFamilies.map((f) => `${f.family} of shop ${f.shop.id}`).join(', ')}`] : []),
    ];
    logger.error(`summary: failed: ${parts.join('; ')}; the rest synced (exit code ${EXIT.PARTIAL})`);
    return EXIT.PARTIAL;
  }

  /**
   * Syncs one shop's families, each on its own: a family's failure is recorded in `failures` and the next family
   * runs. Returns how many families ran to the end; throws when the shop (or the run) cannot go on.
   */
  private async syncShop(shop: AuthorizedShop, syncStart: number, failures: Failure[]): Promise<number> {
    const { config, selection, state, writer, logger, client } = this.options;
    /** Child streams whose endpoint refused everything in this run: bookmarks no longer vouch for them. */
    const unsynced = new Set<string>();
    const familyOf = (root: string) => this.declarations.streams.familyOf(root);
    const emittedFamily = (root: string) => familyOf(root).filter((name) => selection.get(name)?.emit && !unsynced.has(name));
    const shopLogger = logger.child({ shop_id: shop.id });
    const startDate = parseDateSetting(config.start_date) ?? 0;
    const endDate = config.end_date === undefined ? undefined : parseDateSetting(config.end_date);
    const ctx: ShopSyncContext = {
      api: client,
      shop: { id: shop.id, cipher: shop.cipher, ...(shop.name ? { name: shop.name } : {}) },
      outputs: this.outputs,
      config,
      logger: shopLogger,
      boundsFor: (stream, trailing) => {
        const fullTable = selection.get(stream)?.replicationMethod === 'FULL_TABLE';
        const found = fullTable ? { value: undefined, missing: [] } : state.bookmark(stream, shop.id, emittedFamily(stream));
        const bookmark = found.value;
        if (found.missing.length) {
          shopLogger.warn(
            `${stream}: ${found.missing.join(', ')} ${found.missing.length > 1 ? 'were' : 'was'} not synced up to the stored bookmark, so ${stream} and its children start over from start_date`,
            { stream },
          );
        }
        const trailingSeconds = trailing?.seconds(config) ?? 0;
        const bounds = syncBounds({ bookmark, lookbackSeconds: config.lookback_window, trailingSeconds, startDate, endDate, syncStart });
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
      advance: (stream, value) => state.advance(stream, shop.id, value, emittedFamily(stream)),
      checkpoint: async () => {
        await writer.drain();
        this.emitState();
      },
      stopping: () => this.stopRequested,
      childRefused: (stream) => this.progress.childRefused(stream, shop.id),
      unsynced: (streams) => {
        for (const name of streams) unsynced.add(name);
      },
      pageRead: () => {
        this.progress.pages++;
      },
      now: () => new Date().toISOString(),
      tags: (stream) => ({ stream, shop_id: shop.id }),
    };
    let done = 0;
    const failedHere: Failure[] = [];
    const families = this.declarations.families.filter((family) => family.read.kind !== 'shop-list' && anyEmitted(selection, familyOf(family.root)));
    /** Scopes this shop's grant was found to lack, with the error every family needing them fails with. */
    const lacking = new Map<string, TapError>();
    for (const family of families) {
      if (this.stopRequested) break;
      const missing = family.grant && lacking.get(family.grant.scope);
      if (missing) {
        // Said once, for every family needing the scope, when the first one failed; no request is made.
        failedHere.push({ shop, family: family.root, error: missing });
        continue;
      }
      const started = Date.now();
      try {
        await runFamily(ctx, family);
        done++;
      } catch (error) {
        if (endsRun(error) || endsShop(error)) throw error;
        if (family.grant?.lacks(error)) {
          // This family and the ones after it that need the scope (those before it got through).
          const skipped = families.slice(families.indexOf(family)).filter((other) => other.grant?.scope === family.grant!.scope);
          const line = scopeMissing(shop, family.grant, skipped.map((other) => other.root), error);
          lacking.set(family.grant.scope, line);
          failedHere.push({ shop, family: family.root, error: line });
          shopLogger.error(line.userLine(), { stream: family.root });
        } else {
          failedHere.push({ shop, family: family.root, error });
          shopLogger.error(`${shopLabel(shop)}: ${family.root} failed and was skipped, the shop's other stream families go on: ${messageOf(error)}`, {
            stream: family.root,
          });
        }
      }
      this.progress.familyDone(family.root, (Date.now() - started) / 1000);
    }
    // A shop where every family failed for the same reason (credentials, a shop-wide refusal) failed as a whole.
    const codeOf = (error: unknown) => (error instanceof TapError ? error.code : String(error));
    if (done === 0 && failedHere.length > 0 && failedHere.every((f) => codeOf(f.error) === codeOf(failedHere[0]!.error))) {
      throw failedHere[0]!.error;
    }
    failures.push(...failedHere);
    return done;
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
    // Orders whose child call the API refused (their child records are missing from the output).
    for (const [stream, perShop] of this.progress.refused) {
      for (const [shopId, value] of perShop) {
        this.options.logger.metric({ type: 'counter', metric: 'refused_count', value, tags: { stream, shop_id: shopId } });
      }
    }
  }
}
