import type { JsonSchema } from './json-schema.js';
import type { StreamMeta, StreamSet } from './stream-set.js';
import { withoutTimeFormatsUnderNullObjects } from './null-parent-times.js';
import { emittedSchema, type TimeFormat } from './times.js';

export interface MetadataEntry {
  breadcrumb: string[];
  metadata: Record<string, unknown>;
}

export interface CatalogEntry {
  tap_stream_id: string;
  stream: string;
  schema: JsonSchema;
  key_properties?: string[];
  replication_key?: string;
  replication_method?: string;
  metadata?: MetadataEntry[];
  [key: string]: unknown;
}

export interface Catalog {
  streams: CatalogEntry[];
}

/**
 * The discovered catalog: schemas from schemas/, metadata as the Meltano SDK writes it — a root entry per
 * stream and one entry per top-level property, keys and the replication key `automatic`, the rest `available`.
 * The schemas are the ones the SCHEMA messages of an unflattened sync with the same `time_format` carry.
 */
export function discoverCatalog(streams: StreamSet, timeFormat: TimeFormat = 'rfc3339'): Catalog {
  return { streams: streams.all.map((def) => discoverStream(def, timeFormat)) };
}

function discoverStream(def: StreamMeta, timeFormat: TimeFormat): CatalogEntry {
  const name = def.name;
  const schema = withoutTimeFormatsUnderNullObjects(emittedSchema(def.schema(), timeFormat));
  const automatic = new Set([...def.keyProperties, ...(def.replicationKey ? [def.replicationKey] : [])]);
  const root: Record<string, unknown> = {
    inclusion: 'available',
    'selected-by-default': true,
    'table-key-properties': [...def.keyProperties],
    'forced-replication-method': def.replicationMethod,
    'valid-replication-keys': def.replicationKey ? [def.replicationKey] : [],
    ...(def.replicationKey ? { 'replication-key': def.replicationKey } : {}),
    ...(def.parent ? { 'parent-tap-stream-id': def.parent } : {}),
  };
  const metadata: MetadataEntry[] = [{ breadcrumb: [], metadata: root }];
  for (const property of Object.keys(schema.properties ?? {})) {
    metadata.push({
      breadcrumb: ['properties', property],
      metadata: { inclusion: automatic.has(property) ? 'automatic' : 'available', 'selected-by-default': true },
    });
  }
  return {
    tap_stream_id: name,
    stream: name,
    schema,
    key_properties: [...def.keyProperties],
    ...(def.replicationKey ? { replication_key: def.replicationKey } : {}),
    replication_method: def.replicationMethod,
    metadata,
  };
}
