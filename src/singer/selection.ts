import { TapError, EXIT } from '../errors.js';
import type { CatalogEntry, MetadataEntry } from './catalog.js';
import type { StreamSet } from './stream-set.js';

export interface StreamSelection {
  /** SCHEMA and RECORD messages go out for this stream. */
  emit: boolean;
  /** Fields kept in records and SCHEMA; undefined means all. */
  fields: Set<string> | undefined;
  replicationMethod: 'FULL_TABLE' | 'INCREMENTAL';
}

export type Selection = Map<string, StreamSelection>;

/** No catalog: every stream and every field, as the Meltano SDK does. */
export function selectEverything(streams: StreamSet): Selection {
  return new Map(streams.all.map((def) => [def.name, { emit: true, fields: undefined, replicationMethod: def.replicationMethod }]));
}

function catalogError(source: string, message: string, hint = 'run --discover again and reapply your selection'): TapError {
  return new TapError('CATALOG_INVALID', `catalog ${source}: ${message}`, { hint, exitCode: EXIT.INPUT });
}

function rootMetadata(entry: CatalogEntry): Record<string, unknown> {
  return entry.metadata?.find((m) => Array.isArray(m.breadcrumb) && m.breadcrumb.length === 0)?.metadata ?? {};
}

/** The Meltano SDK's rule: unsupported never, automatic always, then `selected`, then `selected-by-default`. */
function explicitChoice(metadata: Record<string, unknown>, legacySelected: unknown): boolean | undefined {
  if (typeof metadata.selected === 'boolean') return metadata.selected;
  if (typeof legacySelected === 'boolean') return legacySelected; // deprecated `"selected": true` inside the schema
  return undefined;
}

function isSelectedBy(metadata: Record<string, unknown>, legacySelected: unknown, inherited: boolean): boolean {
  if (metadata.inclusion === 'unsupported') return false;
  if (metadata.inclusion === 'automatic') return true;
  const explicit = explicitChoice(metadata, legacySelected);
  if (explicit !== undefined) return explicit;
  if (typeof metadata['selected-by-default'] === 'boolean') return metadata['selected-by-default'];
  return inherited;
}

/** Receives one line per thing in the catalog the tap does not know. */
export type CatalogWarn = (message: string) => void;

const REFRESH = 'run --discover again and reapply your selection to refresh the catalog';

/**
 * The selection a catalog asks for. A catalog saved from another version of the tap may name streams or fields
 * this version does not have: like the Meltano SDK, that metadata is ignored with a warning rather than failing
 * the run. Streams absent from the catalog are not synced (the SDK marks them deselected once a catalog is given);
 * fields absent from a stream's metadata inherit the stream's selection.
 */
export function selectionFromCatalog(streams: StreamSet, catalog: unknown, source: string, warn: CatalogWarn = () => {}): Selection {
  if (catalog === null || typeof catalog !== 'object' || !Array.isArray((catalog as { streams?: unknown }).streams)) {
    throw catalogError(source, 'must be a JSON object with a "streams" array');
  }
  const entries = new Map<string, CatalogEntry>();
  for (const [index, raw] of ((catalog as { streams: unknown[] }).streams).entries()) {
    if (raw === null || typeof raw !== 'object') throw catalogError(source, `streams[${index}] is not an object`);
    const entry = raw as CatalogEntry;
    const id = entry.tap_stream_id ?? entry.stream;
    if (typeof id !== 'string') throw catalogError(source, `streams[${index}] has no tap_stream_id`);
    if (!streams.has(id)) {
      warn(`catalog ${source}: stream "${id}" is not a stream of this tap (this tap has ${streams.names.join(', ')}); it is ignored — ${REFRESH}`);
      continue;
    }
    if (entry.metadata !== undefined && !Array.isArray(entry.metadata)) throw catalogError(source, `stream "${id}": metadata must be an array`);
    entries.set(id, entry);
  }

  const decided = new Map<string, boolean>();
  const streamSelected = (name: string): boolean => {
    const known = decided.get(name);
    if (known !== undefined) return known;
    const entry = entries.get(name);
    let selected = false;
    if (entry) {
      const metadata = rootMetadata(entry);
      const explicit = explicitChoice(metadata, entry.schema?.selected);
      const parent = streams.get(name).parent;
      if (metadata.inclusion === 'unsupported') selected = false;
      else if (metadata.inclusion === 'automatic') selected = true;
      else if (explicit !== undefined) selected = explicit;
      // A deselected parent deselects children that were only selected by default.
      else if (parent && !streamSelected(parent)) selected = false;
      else selected = metadata['selected-by-default'] !== false;
    }
    decided.set(name, selected);
    return selected;
  };

  const selection: Selection = new Map();
  for (const name of streams.names) {
    const entry = entries.get(name);
    const emit = streamSelected(name);
    const method = readReplicationMethod(entry, name, source);
    selection.set(name, { emit, fields: entry && emit ? selectedFields(streams, entry, name, source, warn) : undefined, replicationMethod: method });
  }
  return selection;

  function readReplicationMethod(entry: CatalogEntry | undefined, name: string, where: string): 'FULL_TABLE' | 'INCREMENTAL' {
    const def = streams.get(name);
    if (!entry) return def.replicationMethod;
    const metadata = rootMetadata(entry);
    // Meltano writes top-level underscored keys as well as the hyphenated metadata; the SDK prefers top-level.
    const method = entry.replication_method ?? metadata['replication-method'] ?? def.replicationMethod;
    if (method !== 'FULL_TABLE' && method !== 'INCREMENTAL') {
      throw catalogError(where, `stream "${name}": replication method "${String(method)}" is not supported (use INCREMENTAL or FULL_TABLE)`);
    }
    const key = entry.replication_key ?? metadata['replication-key'];
    if (key !== undefined && key !== null && key !== '' && key !== def.replicationKey) {
      throw catalogError(
        where,
        `stream "${name}": replication key "${String(key)}" is not supported (${def.replicationKey ? `only ${def.replicationKey}` : 'this stream has none'})`,
      );
    }
    if (method === 'INCREMENTAL' && def.replicationMethod === 'FULL_TABLE') {
      throw catalogError(where, `stream "${name}" can only be replicated FULL_TABLE`);
    }
    return method;
  }
}

function selectedFields(streams: StreamSet, entry: CatalogEntry, name: string, source: string, warn: CatalogWarn): Set<string> | undefined {
  const def = streams.get(name);
  const properties = Object.keys(def.schema().properties ?? {});
  const automatic = new Set([...def.keyProperties, ...(def.replicationKey ? [def.replicationKey] : [])]);
  const byField = new Map<string, MetadataEntry>();
  const unknown: string[] = [];
  for (const item of entry.metadata ?? []) {
    if (!Array.isArray(item.breadcrumb) || item.breadcrumb.length !== 2 || item.breadcrumb[0] !== 'properties') continue;
    const field = String(item.breadcrumb[1]);
    if (!properties.includes(field)) unknown.push(field);
    else byField.set(field, item);
  }
  if (unknown.length > 0) {
    const list = unknown.map((field) => `"${field}"`).join(', ');
    warn(`catalog ${source}: stream "${name}" has metadata for field(s) this tap does not have: ${list}; ignored — ${REFRESH}`);
  }
  const kept = new Set<string>();
  for (const field of properties) {
    const metadata = byField.get(field)?.metadata ?? {};
    const legacy = entry.schema?.properties?.[field]?.selected;
    if (automatic.has(field) || isSelectedBy(metadata, legacy, true)) kept.add(field);
  }
  return kept.size === properties.length ? undefined : kept;
}

/** Is any stream of `family` emitted? Then its root must be walked, even when the root itself is not emitted. */
export function anyEmitted(selection: Selection, family: readonly string[]): boolean {
  return family.some((name) => selection.get(name)?.emit === true);
}
