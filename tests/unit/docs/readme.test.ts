import { readFileSync } from 'node:fs';
import { settingsMarkdown, aboutMarkdown } from '../../../src/about.js';
import { columnsMarkdown, joinsMarkdown, streamsMarkdown } from '../../../src/streams/docs.js';
import { SETTING_NAMES } from '../../../src/settings.js';
import { STREAM_NAMES } from '../../../src/streams/table.js';
// @ts-expect-error plain ESM helper shared with scripts/update-readme.mjs
import { renderReadme } from '../../../scripts/readme-sections.mjs';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

describe('README stays in step with the code', () => {
  test('the settings, streams, joins and warehouse columns sections equal what npm run docs generates', () => {
    const expected = (renderReadme as (text: string, sections: Record<string, string>) => string)(readme, {
      settings: settingsMarkdown(),
      streams: streamsMarkdown(),
      joins: joinsMarkdown(),
      columns: columnsMarkdown(),
    });
    expect(readme).toBe(expected);
  });

  test('every setting and every stream is documented', () => {
    for (const name of SETTING_NAMES) expect(readme).toContain(`| \`${name}\` |`);
    for (const name of STREAM_NAMES) expect(readme).toContain(`| \`${name}\` |`);
  });

  test('the join diagram puts cancellations and packages under orders, and cancellation line items under cancellations', () => {
    const diagram = joinsMarkdown();
    expect(diagram).toMatch(/^orders$/m);
    expect(diagram).toMatch(/^├── cancellations \(order_id, cancel_id\)\n│   └── cancellation_line_items \(order_id, order_line_item_id, cancel_id\)$/m);
    expect(diagram).toMatch(/^[├└]── packages \(order_ids, order_line_item_ids\)$/m);
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
