import type { LoadedConfig } from '../config.js';
import { EXIT } from '../errors.js';
import type { Logger } from '../log.js';
import { checkConnection, type ConnectionResult } from '../tiktok/connection-check.js';
import { clientFromConfig } from './client.js';
import { sellersClient } from './sellers-client.js';

function report(results: readonly ConnectionResult[], logger: Logger, prefix = ''): void {
  // Each message already names its shop and, on failure, what to do.
  for (const result of results) {
    if (result.ok) logger.info(`${prefix}${result.message}`);
    else logger.error(`FAILED: ${prefix}${result.message}`);
  }
}

/** `--test`: one line per shop on stderr (stdout stays Singer-only); exit 0 only if every shop answered. */
export async function testConnection(loaded: LoadedConfig, logger: Logger): Promise<number> {
  if (loaded.config.sellers) return testSellers(loaded, logger);
  const client = await clientFromConfig(loaded, logger);
  const results = await checkConnection(client, loaded.config.shop_ids ? { shopIds: loaded.config.shop_ids } : {});
  report(results, logger);
  return results.length > 0 && results.every((r) => r.ok) ? EXIT.OK : EXIT.API;
}

/** With `sellers`: a line per seller, then its shops' lines, each prefixed with the seller. */
async function testSellers(loaded: LoadedConfig, logger: Logger): Promise<number> {
  const { sellers } = await sellersClient(loaded, logger);
  const wanted = loaded.config.shop_ids?.length ? new Set(loaded.config.shop_ids) : undefined;
  const reached = new Set<string>();
  let ok = true;
  for (const seller of sellers) {
    const results = (await checkConnection(seller.client)).filter((r) => !wanted || !r.shopId || wanted.has(r.shopId));
    for (const r of results) if (r.shopId) reached.add(r.shopId);
    const shops = results.filter((r) => r.shopId).length;
    logger.info(`seller ${seller.label}: ${shops} shop(s)`);
    report(results, logger, `seller ${seller.label}: `);
    if (!results.every((r) => r.ok)) ok = false;
  }
  for (const id of wanted ?? []) {
    if (reached.has(id)) continue;
    ok = false;
    logger.error(`FAILED: shop ${id} of shop_ids is reached by none of the ${sellers.length} seller(s) — check shop_ids or have its seller authorize the app`);
  }
  return ok ? EXIT.OK : EXIT.API;
}
