import { readFileSync } from 'node:fs';
import { settingsMarkdown, aboutMarkdown } from '../../../src/about.js';
import { columnsMarkdown, streamsMarkdown } from '../../../src/streams/docs.js';
import { SETTING_NAMES } from '../../../src/settings.js';
import { STREAM_NAMES } from '../../../src/streams/table.js';
// @ts-expect-error plain ESM helper shared with scripts/update-readme.mjs
import { renderReadme } from '../../../scripts/readme-sections.mjs';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

describe('README stays in step with the code', () => {
  test('the settings, streams and warehouse columns sections equal what npm run docs generates', () => {
    const expected = (renderReadme as (text: string, sections: Record<string, string>) => string)(readme, {
      settings: settingsMarkdown(),
      streams: streamsMarkdown(),
      columns: columnsMarkdown(),
    });
    expect(readme).toBe(expected);
  });

  test('every setting and every stream is documented', () => {
    for (const name of SETTING_NAMES) expect(readme).toContain(`| \`${name}\` |`);
    for (const name of STREAM_NAMES) expect(readme).toContain(`| \`${name}\` |`);
  });

  test('--about --format markdown carries the same settings table', () => {
    expect(aboutMarkdown()).toContain(settingsMarkdown());
  });

  test('README opens with the two commands that do everything', () => {
    const firstBlock = readme.split('```sh')[1]!.split('```')[0]!;
    expect(firstBlock).toContain('npm ci && npm run demo');
    expect(firstBlock).toContain('npm ci && npm test');
  });
});
