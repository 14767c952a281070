/** Singer message lines, built as strings: RECORD is the hot path, so it avoids a second object per record. */

export function schemaMessage(
  stream: string,
  schema: object,
  keyProperties: string[],
  bookmarkProperties: string[],
): object {
  return {
    type: 'SCHEMA',
    stream,
    schema,
    key_properties: keyProperties,
    ...(bookmarkProperties.length ? { bookmark_properties: bookmarkProperties } : {}),
  };
}

/** `time_extracted` is RFC 3339 UTC with milliseconds and a Z, e.g. 2026-11-22T10:00:00.000Z. */
export function recordLine(stream: string, record: object, timeExtracted: string): string {
  return `{"type":"RECORD","stream":${JSON.stringify(stream)},"record":${JSON.stringify(record)},"time_extracted":"${timeExtracted}"}\n`;
}

export function stateMessage(value: object): object {
  return { type: 'STATE', value };
}
