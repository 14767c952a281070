/**
 * Every stream's flattened columns load into PostgreSQL through pipelinewise target-postgres, at every
 * flattening_max_depth: no name is shortened by the target (it rewrites names of 63 characters or more, PostgreSQL
 * keeps 63 bytes), and no two are the same column there (it lower-cases them). Walks schemas/, so a new stream is
 * covered without an edit here.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Flattener } from '../../../src/singer/flatten.js';
import type { JsonSchema } from '../../../src/singer/json-schema.js';
import { outputSchema } from '../../../src/streams/schemas.js';

const SCHEMAS_DIR = fileURLToPath(new URL('../../../schemas/', import.meta.url));
const streams = readdirSync(SCHEMAS_DIR).filter((file) => file.endsWith('.json')).map((file) => file.replace(/\.json$/, ''));

/** How many levels of objects with declared properties a schema nests (so depths past it flatten the same). */
function nesting(schema: JsonSchema): number {
  const below = Object.values(schema.properties ?? {}).map((child) => (child.properties ? 1 + nesting(child) : 0));
  return Math.max(0, ...below);
}

/** PostgreSQL's identifier: the first 63 bytes. */
const postgresName = (name: string): string => Buffer.from(name, 'utf8').subarray(0, 63).toString('utf8');

test('schemas/ holds the streams', () => {
  expect(streams).toEqual(expect.arrayContaining(['orders', 'statement_transactions']));
});

describe.each(streams)('%s', (stream) => {
  const schema = outputSchema(stream, 'rfc3339');
  const depths = Array.from({ length: nesting(schema) + 2 }, (_, depth) => depth);

  test('at every flattening depth, column names are short enough that no target shortens them, and distinct', () => {
    for (const depth of depths) {
      const columns = Object.keys(new Flattener(schema, depth).schema.properties!);
      const tooLong = columns.filter((column) => Buffer.byteLength(column, 'utf8') >= 63);
      expect({ depth, tooLong }).toEqual({ depth, tooLong: [] });
      const asLoaded = columns.map((column) => postgresName(column).toLowerCase());
      const twice = asLoaded.filter((column, i) => asLoaded.indexOf(column) !== i);
      expect({ depth, twice }).toEqual({ depth, twice: [] });
    }
  });
});
