import type { LoadedConfig } from '../config.js';
import { TapError } from '../errors.js';
import type { Logger } from '../log.js';
import type { ApiCall } from '../sync/api-caller.js';
import type { RequestStats } from '../sync/progress.js';
import type { SyncClient } from '../sync/run.js';
import type { AuthorizedShop } from '../sync/shops.js';
import type { TikTokClient } from '../tiktok/client.js';
import type { PersistenceOptions } from '../tokens/persistence.js';
import { sellerGrants } from '../tokens/seller-grants.js';
import { authHints } from '../tiktok/auth-hints.js';
import { newClient, tokenHome } from './client.js';

/** One seller of the run: its grant's client, and the shops it reached. */
export interface Seller {
  label: string;
  client: TikTokClient;
}

/** A seller whose shops could not be listed (its grant revoked or expired), and why. */
export interface SkippedSeller {
  label: string;
  error: unknown;
}

/**
 * Several sellers' clients as the one client the engine syncs with: the shop list is the union of every seller's
 * shops, and each request goes out with the client (tokens, grant) of the seller whose shop it is. The engine
 * then runs their shops side by side as it runs one seller's. A seller whose shop list fails is skipped with one
 * line; the run ends partial (exit 3) for it (`skipped`).
 */
export class SellersClient implements SyncClient {
  readonly skipped: SkippedSeller[] = [];
  private readonly byShop = new Map<string, TikTokClient>();

  constructor(
    readonly sellers: readonly Seller[],
    private readonly logger: Logger,
  ) {}

  async authorizedShops(): Promise<AuthorizedShop[]> {
    const listed = await Promise.all(
      this.sellers.map((seller) => seller.client.authorizedShops().then((shops) => ({ seller, shops }), (error: unknown) => ({ seller, error }))),
    );
    const failed = listed.filter((entry): entry is { seller: Seller; error: unknown } => 'error' in entry);
    // A bug, or every seller failing alike (a wrong app secret), is the run's failure, not a seller's.
    const bug = failed.find((entry) => !(entry.error instanceof TapError));
    if (bug) throw bug.error;
    if (failed.length === listed.length && failed[0]) throw failed[0].error;
    const union: AuthorizedShop[] = [];
    for (const entry of listed) {
      if ('error' in entry) {
        this.skipped.push({ label: entry.seller.label, error: entry.error });
        this.logger.error(`seller ${entry.seller.label} skipped: ${(entry.error as TapError).userLine()}`);
        continue;
      }
      for (const shop of entry.shops) {
        if (this.byShop.has(shop.id)) continue; // two grants reaching one shop: the first seller's syncs it
        this.byShop.set(shop.id, entry.seller.client);
        union.push(shop);
      }
      this.logger.info(`seller ${entry.seller.label}: ${entry.shops.length} shop(s)`);
    }
    return union;
  }

  request<T>(call: ApiCall): Promise<{ data: T; requestId: string }> {
    const client = (call.shop ? this.byShop.get(call.shop.id) : undefined) ?? this.sellers[0]!.client;
    return client.request<T>(call);
  }

  stats(): RequestStats {
    const total = { requests: 0, retries: 0, throttled: 0 };
    for (const { client } of this.sellers) {
      const s = client.stats();
      total.requests += s.requests;
      total.retries += s.retries;
      total.throttled += s.throttled;
    }
    return total;
  }

  /** Resolves once no seller's refresh or token write is in flight. */
  async pendingTokenWrite(): Promise<void> {
    await Promise.all(this.sellers.map(({ client }) => client.pendingTokenWrite()));
  }
}

/** The clients of a `sellers` run, one per grant the setting picks from the token store. */
export async function sellersClient(loaded: LoadedConfig, logger: Logger, options: PersistenceOptions = {}): Promise<SellersClient> {
  const grants = await sellerGrants(loaded, logger, options);
  // Every seller's grant lives in the store (`sellers` needs one), so auth hints name the store.
  const hints = authHints({ ...tokenHome(loaded.config, undefined, options.env), store: loaded.config.token_store_url ? 'url' : 'file' });
  const sellers = grants.map((grant) => ({ label: grant.label, client: newClient(loaded.config, logger, grant.start, grant.exchange, hints) }));
  return new SellersClient(sellers, logger);
}
