import type { Logger } from '../log.js';
import type { Outputs } from './context.js';
import type { Progress } from './progress.js';
import type { AuthorizedShop } from './shops.js';

/**
 * The end of a run on stderr: per shop and emitted stream, a record_count METRIC (0 included, so a shop that
 * brought nothing is seen), a refused_count for parents whose child call the API refused (their child records are
 * missing from the output), then the progress summary lines.
 */
export function summarizeRun(outputs: Outputs, shops: readonly AuthorizedShop[], progress: Progress, logger: Logger): void {
  for (const output of Object.values(outputs)) {
    if (!output.emit) continue;
    for (const shop of shops) {
      logger.metric({ type: 'counter', metric: 'record_count', value: output.counts.get(shop.id) ?? 0, tags: { stream: output.name, shop_id: shop.id } });
    }
  }
  for (const [stream, perShop] of progress.refused) {
    for (const [shopId, value] of perShop) logger.metric({ type: 'counter', metric: 'refused_count', value, tags: { stream, shop_id: shopId } });
  }
  progress.summary();
}
