import { createHash } from 'node:crypto';

/**
 * Names of flattened columns (src/singer/flatten.ts): the property names on the way joined with `__`, shortened when
 * a SQL target would shorten them itself and so could make two columns one.
 *
 * PostgreSQL keeps the first 63 bytes of an identifier, and pipelinewise target-postgres rewrites any column name of
 * 63 characters or more (target_postgres/db_sync.py, flatten_key) before it checks for duplicates — so two long names
 * that start alike become one column there, and the load stops with "Duplicate column name produced in schema".
 * A name of at most 62 bytes is left alone by both.
 *
 * How a long name is shortened, first as the Meltano SDK does it for its own (255-character) limit
 * (singer_sdk/helpers/_flattening.py, flatten_key): the parent names, outermost first, become their initials
 * (`shipping_cost_breakdown` → `scb`; a one-word name keeps its first three letters), until the name fits. The SDK
 * would go on to the last name; here, when the parents' initials are not enough, the name is cut to 53 bytes and
 * ends with `_` and eight hex digits of its SHA-256, so that it stays unique and the same on every run.
 */
export const FLATTEN_SEPARATOR = '__';
export const MAX_COLUMN_BYTES = 62;
const HASH_DIGITS = 8;

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/** inflection.camelize, then only what is not a lower-case letter, lower-cased (`fee_tax_breakdown` → `ftb`). */
function initials(name: string): string {
  const camel = name.replace(/(?:^|_)(.)/g, (_match, char: string) => char.toUpperCase());
  const reduced = camel.replace(/[a-z]/g, '');
  return (reduced.length > 1 ? reduced : name.slice(0, 3)).toLowerCase();
}

/** The first `limit` bytes of `text`, never cutting a character in two. */
function headBytes(text: string, limit: number): string {
  let out = '';
  for (const char of text) {
    if (bytes(out + char) > limit) break;
    out += char;
  }
  return out;
}

/** The column of the property at `path` (property names from the record's top level). */
export function columnName(path: readonly string[]): string {
  const parts = [...path];
  let name = parts.join(FLATTEN_SEPARATOR);
  for (let i = 0; i < parts.length - 1 && bytes(name) > MAX_COLUMN_BYTES; i++) {
    parts[i] = initials(parts[i]!);
    name = parts.join(FLATTEN_SEPARATOR);
  }
  if (bytes(name) <= MAX_COLUMN_BYTES) return name;
  const full = path.join(FLATTEN_SEPARATOR);
  const hash = createHash('sha256').update(full).digest('hex').slice(0, HASH_DIGITS);
  return `${headBytes(name, MAX_COLUMN_BYTES - HASH_DIGITS - 1)}_${hash}`;
}
