import { FAMILIES, TAP_STREAMS } from './streams/table.js';
import { SyncRun as EngineRun, type SyncOptions } from './sync/run.js';

export type { SyncClient, SyncOptions } from './sync/run.js';

/** The sync engine (src/sync/run.ts) bound to this tap's declared streams (src/streams/table.ts). */
export class SyncRun extends EngineRun {
  constructor(options: SyncOptions) {
    super({ streams: TAP_STREAMS, families: FAMILIES }, options);
  }
}
