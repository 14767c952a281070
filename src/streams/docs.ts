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
