#!/usr/bin/env node
// Bundles the built CLI (dist/src/cli.js, tsc's output) into one CommonJS file, dist/src/bundle/cli.cjs, which
// bin/tap-tiktok-shop requires. Why CommonJS: on Node 20 every ES module is resolved, read, linked and evaluated
// through the asynchronous ESM loader, and every `node:` built-in imported from ESM gets a facade module; a
// required CommonJS file skips all of that. The parts only some commands need (discover, authorize, the sync
// engine…) stay lazy: esbuild wraps each module so it runs on first use. p-limit and commander are bundled too
// (p-limit ships only as ESM, which Node 20 cannot require). ajv and luxon are required at run time with
// createRequire, and only on the paths that need them (compiling a schema at start, parsing a date setting), so
// they stay in node_modules. The modules the build generates (validators, prepared catalogs) are CommonJS files
// in dist/src, required by path. Figures: issue 16, bench/RESULTS.md.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('dist/src/bundle', { recursive: true, force: true }); // no file of an earlier bundle left to ship

await build({
  entryPoints: ['dist/src/cli.js'],
  outfile: 'dist/src/bundle/cli.cjs',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // import.meta does not exist in CommonJS; the three modules that read import.meta.url (finding the package
  // folder, createRequire) get the bundle's own URL, which sits in the same package.
  define: { 'import.meta.url': '__bundle_url' },
  banner: { js: 'const __bundle_url = require("node:url").pathToFileURL(__filename).href;' },
  logLevel: 'warning',
});
