import type { StreamDecl } from '../sync/declaration.js';
import { streamSchema } from './schemas.js';

type Replication =
  /** A root stream with its own bookmark per shop on its time field (update_time; statement_time, create_time for finance). */
  | { incremental: string }
  /** Records that come with their parent's pages (nested in it, or one request per parent). */
  | { parent: string }
  | { fullTable: true };

/** A stream of this tap: its schema is schemas/<name>.json. */
export function declareStream(name: string, keyProperties: string[], replication: Replication, source: string): StreamDecl {
  return {
    name,
    keyProperties,
    replicationMethod: 'fullTable' in replication ? 'FULL_TABLE' : 'INCREMENTAL',
    ...('incremental' in replication ? { replicationKey: replication.incremental } : {}),
    ...('parent' in replication ? { parent: replication.parent } : {}),
    source,
    schema: () => streamSchema(name),
  };
}
