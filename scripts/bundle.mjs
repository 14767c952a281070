#!/usr/bin/env node
// Bundles the built CLI (dist/src/cli.js, tsc's output) into dist/src/bundle/: one module for what every command
// loads and a chunk per part loaded on demand (the commands, the sync engine). Node 20 resolves, reads and links
// each ES module separately, some 75 of them for a sync; loading a few instead cuts a 1-order sync's instructions by
// about 7% (issue 16, bench/RESULTS.md). Dependencies stay outside (required from node_modules as usual), and the
// modules the build generates (validators, prepared catalogs) are still loaded from dist/src by path.
import { build } from 'esbuild';

await build({
  entryPoints: ['dist/src/cli.js'],
  outdir: 'dist/src/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  entryNames: '[name]',
  chunkNames: 'chunk-[hash]',
  logLevel: 'warning',
});
