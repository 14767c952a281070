#!/usr/bin/env node
// Regenerates the generated sections of README.md (streams), docs/settings.md (settings), docs/warehouse.md (timestamp
// and JSON columns per stream, joins) and meltano.yml (settings), and meltano-plugin.yml (the plugin definition for
// `meltano add --from-ref`), from the built code.
// `npm run docs` builds first; tests/unit/docs/*.test.ts fail when these files drift from them.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderReadme, renderMeltanoYml } from './readme-sections.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { settingsMarkdown } = await import(join(root, 'dist/src/about.js'));
const { streamsMarkdown, columnsMarkdown, joinsMarkdown } = await import(join(root, 'dist/src/streams/docs.js'));
const pages = {
  'README.md': { streams: streamsMarkdown() },
  'docs/settings.md': { settings: settingsMarkdown() },
  'docs/warehouse.md': { columns: columnsMarkdown(), joins: joinsMarkdown() },
};
for (const [page, sections] of Object.entries(pages)) {
  const path = join(root, page);
  writeFileSync(path, renderReadme(readFileSync(path, 'utf8'), sections, page));
}
const { meltanoSettingsYaml, meltanoPluginYaml } = await import(join(root, 'dist/src/meltano.js'));
const meltanoPath = join(root, 'meltano.yml');
writeFileSync(meltanoPath, renderMeltanoYml(readFileSync(meltanoPath, 'utf8'), meltanoSettingsYaml()));
writeFileSync(join(root, 'meltano-plugin.yml'), meltanoPluginYaml());
console.error('README.md, docs/settings.md, docs/warehouse.md, meltano.yml and meltano-plugin.yml updated');
