import type { CallContext, Json } from '../sync/declaration.js';
import { ItemUnavailableError } from '../tiktok/errors.js';

/**
 * The one policy for a per-item detail the API refuses for that item alone (ItemUnavailableError: permission denied,
 * the item is gone or not served in its status; the codes are in src/tiktok/errors.ts and docs/tiktok-shop-api.md
 * §3.3): the item goes out from its search record, which the search still lists, rather than stopping its family on
 * every run. One warning per code and family run, so a shop with many such items does not flood the log.
 */
export function detailOrFallback(what: string): (call: CallContext, itemId: string, fetch: () => Promise<Json>) => Promise<Json | undefined> {
  const warned = new Set<string>();
  return async (call, itemId, fetch) => {
    try {
      return await fetch();
    } catch (error) {
      if (!(error instanceof ItemUnavailableError)) throw error;
      const code = String(error.apiCode);
      if (!warned.has(code)) {
        warned.add(code);
        call.logger.warn(`${what} of ${itemId} was refused (${error.message}: ${error.hint}); it is emitted from its search record, as are further ones refused with code ${code}`);
      }
      return undefined;
    }
  };
}
