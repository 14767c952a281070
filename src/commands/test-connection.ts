import type { LoadedConfig } from '../config.js';
import { EXIT } from '../errors.js';
import type { Logger } from '../log.js';
import { checkConnection } from '../tiktok/connection-check.js';
import { clientFromConfig } from './client.js';

/** `--test`: one line per shop on stderr (stdout stays Singer-only); exit 0 only if every shop answered. */
export async function testConnection(loaded: LoadedConfig, logger: Logger): Promise<number> {
  const client = await clientFromConfig(loaded, logger);
  const results = await checkConnection(client, loaded.config.shop_ids ? { shopIds: loaded.config.shop_ids } : {});
  // Each message already names its shop and, on failure, what to do.
  for (const result of results) {
    if (result.ok) logger.info(result.message);
    else logger.error(`FAILED: ${result.message}`);
  }
  return results.length > 0 && results.every((r) => r.ok) ? EXIT.OK : EXIT.API;
}
