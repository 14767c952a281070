#!/usr/bin/env node
// Generates src/generated/records.ts (one interface per stream) from schemas/*.json: one file per stream of the
// stream table (src/streams/table.ts); tests/unit/schemas/generated-types.test.ts fails when the table, schemas/ and
// this file's output disagree.
//   node scripts/generate-types.mjs          write the file
//   node scripts/generate-types.mjs --check  exit 1 if the file is stale
// generateRecordTypes() returns the text without writing (the staleness test uses it).
import { readFile, readdir, writeFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compile } from 'json-schema-to-typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SCHEMAS_DIR = join(root, 'schemas');
export const OUTPUT_FILE = join(root, 'src', 'generated', 'records.ts');

const HEADER = '// generated from schemas/ by scripts/generate-types.mjs — do not edit\n';

const COMPILE_OPTIONS = {
  bannerComment: '',
  additionalProperties: false, // only used where a schema leaves it unset; ours always set it
  strictIndexSignatures: false,
  unknownAny: true,
  declareExternallyReferenced: false,
  format: true, // prettier, pinned through package-lock; output is stable for a given tree
  style: { singleQuote: true, printWidth: 120 },
};

/** `order_line_items` -> `OrderLineItemsRecord` */
export function recordTypeName(stream) {
  return stream
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('') + 'Record';
}

/** Stream names, sorted by code unit so the order never depends on locale or file system. */
export async function streamNames(dir = SCHEMAS_DIR) {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json'));
  return files.map((f) => f.slice(0, -'.json'.length)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The types describe records as the streams build them, before StreamOutput writes them: times are the API's Unix
 * seconds there. The schemas mark those (`x-unix-seconds`, src/singer/times.ts); the doc comment says so.
 */
function describeTimes(node) {
  if (Array.isArray(node)) return node.map(describeTimes);
  if (node === null || typeof node !== 'object') return node;
  const out = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, describeTimes(value)]));
  if (node['x-unix-seconds'] === true) {
    const note = 'Unix seconds from the API; written to records as an RFC 3339 UTC string unless time_format is "unix".';
    out.description = out.description ? `${out.description.replace(/\.?$/, '.')} ${note}` : note;
  }
  return out;
}

/** The full text of src/generated/records.ts for the schemas in `dir`. */
export async function generateRecordTypes(dir = SCHEMAS_DIR) {
  const streams = await streamNames(dir);
  const parts = [HEADER];
  for (const stream of streams) {
    const schema = describeTimes(JSON.parse(await readFile(join(dir, `${stream}.json`), 'utf8')));
    // The interface name comes from the stream, never from a title in the schema.
    delete schema.title;
    parts.push(await compile(schema, recordTypeName(stream), COMPILE_OPTIONS));
  }
  parts.push(`export type StreamName =\n${streams.map((s) => `  | '${s}'`).join('\n')};\n`);
  parts.push(
    `export interface RecordsByStream {\n${streams.map((s) => `  ${s}: ${recordTypeName(s)};\n`).join('')}}\n`,
  );
  return parts.join('\n');
}

async function main() {
  const text = await generateRecordTypes();
  if (process.argv.includes('--check')) {
    const current = await readFile(OUTPUT_FILE, 'utf8').catch(() => '');
    if (current !== text) {
      console.error(`${OUTPUT_FILE} is stale: run npm run generate-types`);
      process.exit(1);
    }
    return;
  }
  await mkdir(dirname(OUTPUT_FILE), { recursive: true });
  await writeFile(OUTPUT_FILE, text);
  console.error(`wrote ${OUTPUT_FILE}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
