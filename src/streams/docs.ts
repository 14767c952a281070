import { timePaths } from '../singer/times.js';
import { streamSchema } from './schemas.js';
import { STREAM_NAMES, TAP_STREAMS } from './table.js';

/** README's streams table, generated from the stream table so it cannot drift (a test compares them). */
export function streamsMarkdown(): string {
  const rows = STREAM_NAMES.map((name) => {
    const def = TAP_STREAMS.get(name);
    const replication = def.replicationKey
      ? `incremental on \`${def.replicationKey}\`, per shop`
      : def.parent
        ? `with its parent`
        : 'full table';
    return `| \`${name}\` | ${def.keyProperties.map((k) => `\`${k}\``).join(', ')} | ${replication} | ${def.parent ? `\`${def.parent}\`` : '—'} | ${def.source} |`;
  });
  return ['| Stream | Key | Replication | Parent | Comes from |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

/**
 * README's "What lands in your warehouse" table: per stream, the columns that load as timestamps (the schemas'
 * Unix-seconds marks, src/singer/times.ts) and those that load as JSON (objects and arrays), from schemas/.
 */
export function columnsMarkdown(): string {
  const rows = STREAM_NAMES.map((name) => {
    const schema = streamSchema(name);
    const times = timePaths(schema);
    const top = times.filter((path) => path.length === 1).map((path) => `\`${path[0]}\``);
    const nested = times.filter((path) => path.length > 1).map((path) => `\`${path.join('.').replace(/\.\[\]/g, '[]')}\``);
    const json = Object.entries(schema.properties ?? {})
      .filter(([, property]) => ([] as string[]).concat(property.type ?? []).some((type) => type === 'object' || type === 'array'))
      .map(([field]) => `\`${field}\``);
    const timestamps = [...top, ...(nested.length ? [`inside JSON: ${nested.join(', ')}`] : [])];
    return `| \`${name}\` | ${timestamps.join(', ') || '-'} | ${json.join(', ') || '-'} |`;
  });
  return ['| Stream | Timestamp columns | JSON columns |', '| --- | --- | --- |', ...rows].join('\n');
}

/** Columns by which a record joins to another stream's records. */
const JOIN_COLUMNS = [
  'order_id',
  'order_ids',
  'order_line_item_id',
  'order_line_item_ids',
  'adjustment_order_id',
  'associated_order_id',
  'return_id',
  'cancel_id',
  'external_order_id',
  'product_id',
  'statement_id',
  'payment_id',
];

/**
 * README's join diagram: each stream under the stream it joins to, with the columns it joins by. Children sit under
 * their parent; a root stream whose records carry order ids (returns, cancellations, packages) sits under orders.
 */
export function joinsMarkdown(): string {
  const joinsTo = (name: string): string | undefined => {
    const def = TAP_STREAMS.get(name);
    if (def.parent) return def.parent;
    if (name === 'orders') return undefined;
    const properties = streamSchema(name).properties ?? {};
    return 'order_id' in properties || 'order_ids' in properties ? 'orders' : undefined;
  };
  const label = (name: string): string => {
    const properties = streamSchema(name).properties ?? {};
    const columns = JOIN_COLUMNS.filter((column) => column in properties);
    return `${name}${columns.length ? ` (${columns.join(', ')})` : ''}`;
  };
  const lines: string[] = [];
  const walk = (name: string, prefix: string, last: boolean, top: boolean): void => {
    lines.push(top ? label(name) : `${prefix}${last ? '└── ' : '├── '}${label(name)}`);
    const kids = STREAM_NAMES.filter((other) => joinsTo(other) === name);
    const next = top ? '' : `${prefix}${last ? '    ' : '│   '}`;
    kids.forEach((kid, index) => walk(kid, next, index === kids.length - 1, false));
  };
  for (const name of STREAM_NAMES.filter((stream) => joinsTo(stream) === undefined)) walk(name, '', true, true);
  return ['```', ...lines, '```'].join('\n');
}
