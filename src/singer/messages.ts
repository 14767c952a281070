/** Singer messages: SCHEMA and STATE as objects (the writer serialises them), RECORD as a finished line. */

const NON_ASCII = /[\u0080-\uffff]/g;
const escapeChar = (char: string): string => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * JSON text with every non-ASCII character escaped as \uXXXX: the same value for any JSON reader, and pure ASCII
 * on the wire. Meltano before 3.3 decodes a tap's output as ASCII in `meltano config test` (every line up to the
 * first RECORD), so SCHEMA and STATE lines, discovery and the first RECORD go out this way.
 */
export function asciiJson(value: unknown, space?: number): string {
  return escapeNonAscii(JSON.stringify(value, null, space));
}

/** Escapes non-ASCII characters of JSON text (inside JSON, they can only be in strings, where \uXXXX is valid). */
export function escapeNonAscii(json: string): string {
  NON_ASCII.lastIndex = 0;
  return NON_ASCII.test(json) ? json.replace(NON_ASCII, escapeChar) : json;
}

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

/**
 * A RECORD line. `time_extracted` is RFC 3339 UTC with milliseconds and a Z, e.g. 2026-11-22T10:00:00.000Z. Built
 * as text rather than as a message object to stringify, so that the record is serialised once.
 */
export function recordLine(stream: string, record: object, timeExtracted: string): string {
  return `{"type":"RECORD","stream":${JSON.stringify(stream)},"record":${JSON.stringify(record)},"time_extracted":"${timeExtracted}"}\n`;
}

export function stateMessage(value: object): object {
  return { type: 'STATE', value };
}
