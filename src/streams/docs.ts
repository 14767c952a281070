import { STREAMS, STREAM_NAMES } from './table.js';

/** README's streams table, generated from the stream table so it cannot drift (a test compares them). */
export function streamsMarkdown(): string {
  const rows = STREAM_NAMES.map((name) => {
    const def = STREAMS[name];
    const replication = def.replicationKey
      ? `incremental on \`${def.replicationKey}\`, per shop`
      : def.parent
        ? `with its parent`
        : 'full table';
    return `| \`${name}\` | ${def.keyProperties.map((k) => `\`${k}\``).join(', ')} | ${replication} | ${def.parent ? `\`${def.parent}\`` : '—'} | ${def.source} |`;
  });
  return ['| Stream | Key | Replication | Parent | Comes from |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}
