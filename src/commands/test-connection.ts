import type { LoadedConfig } from '../config.js';
import { EXIT } from '../errors.js';
import type { Logger } from '../log.js';
import type { Selection } from '../singer/selection.js';
import { familyProbes } from '../streams/probes.js';
import { checkConnection } from '../tiktok/connection-check.js';
import { clientFromConfig } from './client.js';

/**
 * `--test`: one cheap call per shop and selected stream family (every family without a catalog), a line per shop and
 * one per family on stderr (stdout stays Singer-only): ok, missing scope (its key), or the error; exit 0 only if
 * every shop and family answered.
 */
export async function testConnection(loaded: LoadedConfig, logger: Logger, selection?: Selection): Promise<number> {
  const client = await clientFromConfig(loaded, logger);
  const probes = familyProbes(selection);
  const results = await checkConnection(client, { probes, ...(loaded.config.shop_ids ? { shopIds: loaded.config.shop_ids } : {}) });
  // Each message already names its shop and, on failure, what to do.
  for (const result of results) {
    if (result.ok) logger.info(result.message);
    else logger.error(`FAILED: ${result.message}`);
    for (const family of result.families) {
      const line = `shop ${result.shopId}: ${family.message}`;
      if (family.outcome === 'ok') logger.info(line);
      else logger.error(line);
    }
  }
  return results.length > 0 && results.every((r) => r.ok) ? EXIT.OK : EXIT.API;
}
