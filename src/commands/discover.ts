import { discoverCatalog } from '../singer/catalog.js';
import { asciiJson } from '../singer/messages.js';
import type { TimeFormat } from '../singer/times.js';
import { TAP_STREAMS } from '../streams/table.js';

/**
 * `--discover` prints the catalog, worked out at each run from the stream table and schemas/: it depends on nothing
 * of the config but time_format (the catalog's schemas follow it, as a sync's SCHEMA messages do).
 */
export function discoverText(timeFormat: TimeFormat): string {
  return `${asciiJson(discoverCatalog(TAP_STREAMS, timeFormat), 2)}\n`;
}
