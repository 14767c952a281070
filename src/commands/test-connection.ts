import type { LoadedConfig } from '../config.js';
import { EXIT } from '../errors.js';
import type { Logger } from '../log.js';
import type { Selection } from '../singer/selection.js';
import { familyProbes } from '../streams/probes.js';
import { checkConnection, type ConnectionResult } from '../tiktok/connection-check.js';
import { clientFromConfig } from './client.js';
import { sellersClient } from './sellers-client.js';

/** A line per shop and one per probed family; each message already names its shop and, on failure, what to do. */
function report(results: readonly ConnectionResult[], logger: Logger, prefix = ''): void {
  for (const result of results) {
    if (result.ok) logger.info(`${prefix}${result.message}`);
    else logger.error(`FAILED: ${prefix}${result.message}`);
    for (const family of result.families) {
      const line = `${prefix}shop ${result.shopId}: ${family.message}`;
      if (family.outcome === 'ok') logger.info(line);
      else logger.error(line);
    }
  }
}

/**
 * `--test`: one cheap call per shop and selected stream family (every family without a catalog), a line per shop and
 * one per family on stderr (stdout stays Singer-only): ok, missing scope (its key), or the error; exit 0 only if
 * every shop and family answered. With `sellers`, the same for each seller's shops, each line prefixed with the seller.
 */
export async function testConnection(loaded: LoadedConfig, logger: Logger, selection?: Selection): Promise<number> {
  const probes = familyProbes(selection);
  if (loaded.config.sellers) return testSellers(loaded, logger, probes);
  const client = await clientFromConfig(loaded, logger);
  const results = await checkConnection(client, { probes, ...(loaded.config.shop_ids ? { shopIds: loaded.config.shop_ids } : {}) });
  report(results, logger);
  return results.length > 0 && results.every((r) => r.ok) ? EXIT.OK : EXIT.API;
}

async function testSellers(loaded: LoadedConfig, logger: Logger, probes: ReturnType<typeof familyProbes>): Promise<number> {
  const { sellers } = await sellersClient(loaded, logger);
  const wanted = loaded.config.shop_ids?.length ? new Set(loaded.config.shop_ids) : undefined;
  const reached = new Set<string>();
  let ok = true;
  for (const seller of sellers) {
    const results = (await checkConnection(seller.client, { probes })).filter((r) => !wanted || !r.shopId || wanted.has(r.shopId));
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
