#!/usr/bin/env node
// Bundles the CLI (src/cli.ts and everything it imports, the npm packages included) into one ES module,
// dist/bundle/tap-tiktok-shop.mjs, with its source map beside it; bin/tap-tiktok-shop loads it. Why: loaded as
// some 200 separate modules, the tap spends about 0.2 s of CPU at every start resolving, reading and linking them
// (measured in bench/RESULTS.md, "Start-up"); one file skips that. The source map names src/*.ts, and the bin turns
// source maps on, so a stack trace (printed at --log-level debug) points at the TypeScript sources.
// Left out of the bundle: `pg` (loaded only by the PostgreSQL token store, through createRequire) and the sandbox
// (its own bin, unbundled from dist/src).
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('dist/bundle', { recursive: true, force: true }); // no file of an earlier bundle left to ship

await build({
  entryPoints: ['src/cli.ts'],
  outfile: 'dist/bundle/tap-tiktok-shop.mjs',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  // Paths in the map relative to it, so it holds in any install folder.
  sourceRoot: '',
  // Stack traces need the mappings only; the sources themselves are in src/ (and the npm package's own files).
  sourcesContent: false,
  external: ['pg'],
  // Bundled CommonJS packages (ajv) call require(); an ES module has none, so the bundle makes one.
  banner: { js: "import { createRequire as __tapCreateRequire } from 'node:module'; const require = __tapCreateRequire(import.meta.url);" },
  legalComments: 'eof',
  logLevel: 'warning',
});
