#!/usr/bin/env node
// Part of `npm run build` (after tsc): writes what --discover prints for every time_format into dist/src/prepared/
// (build output, not committed), with the fingerprint of the schemas it was made from (src/commands/discover.ts).
// Modules, not .json files, because the package ships only .js files from dist/src/ (tests/e2e/package.test.ts).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const load = (path) => import(pathToFileURL(join(root, 'dist', 'src', path)).href);
const discover = await load('commands/discover.js');
const { TIME_FORMATS } = await load('singer/times.js');

rmSync(join(root, discover.PREPARED_DIR), { recursive: true, force: true });
mkdirSync(join(root, discover.PREPARED_DIR), { recursive: true });
for (const format of TIME_FORMATS) writeFileSync(join(root, discover.preparedCatalogFile(format)), await discover.preparedCatalogModule(format));
console.log(`prepare-discovery: the catalog for time_format ${TIME_FORMATS.join(', ')} in ${discover.PREPARED_DIR}/`);
