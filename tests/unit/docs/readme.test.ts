import { readFileSync } from 'node:fs';
import { settingsMarkdown, aboutMarkdown } from '../../../src/about.js';
import { columnsMarkdown, joinsMarkdown, streamsMarkdown } from '../../../src/streams/docs.js';
import { SETTING_NAMES } from '../../../src/settings.js';
import { STREAM_NAMES } from '../../../src/streams/table.js';
// @ts-expect-error plain ESM helper shared with scripts/update-readme.mjs
import { renderReadme } from '../../../scripts/readme-sections.mjs';

const read = (name: string) => readFileSync(new URL(`../../../${name}`, import.meta.url), 'utf8');
const readme = read('README.md');
const warehouse = read('docs/warehouse.md');
const settingsPage = read('docs/settings.md');
const render = renderReadme as (text: string, sections: Record<string, string>) => string;

describe('README stays in step with the code', () => {
  test("README's streams table, docs/settings.md's settings and docs/warehouse.md's columns and joins equal what npm run docs generates", () => {
    expect(readme).toBe(render(readme, { streams: streamsMarkdown() }));
    expect(settingsPage).toBe(render(settingsPage, { settings: settingsMarkdown() }));
    expect(warehouse).toBe(render(warehouse, { columns: columnsMarkdown(), joins: joinsMarkdown() }));
  });

  test('every setting and every stream is documented', () => {
    for (const name of SETTING_NAMES) expect(settingsPage).toContain(`| \`${name}\` |`);
    for (const name of STREAM_NAMES) expect(readme).toContain(`| \`${name}\` |`);
    for (const name of STREAM_NAMES) expect(warehouse).toContain(`| \`${name}\` |`);
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

  test('stays a page for users: under 30 KB, with its sections in the order a user needs them', () => {
    expect(Buffer.byteLength(readme)).toBeLessThan(30 * 1024);
    const headings = [...readme.matchAll(/^## (.+)$/gm)].map((m) => m[1]!);
    const order = ['Two commands', 'Installation', 'Quick start', 'Capabilities', 'Settings', 'Streams', 'Meltano', 'Troubleshooting', 'Known limitations'];
    const positions = order.map((name) => headings.findIndex((h) => h.startsWith(name)));
    expect(order.filter((_, i) => positions[i] === -1)).toEqual([]);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });
});

describe("README's Meltano commands", () => {
  /** The plugin definition's path as README writes it: quoted (`"$(npm root -g)/…/meltano-plugin.yml"`) or bare. */
  const DEFINITION = String.raw`(?:"[^"\n]*meltano-plugin\.yml"|\S*meltano-plugin\.yml)`;
  // Meltano 2.x and 3.x take the plugin type as the first argument: `add <type> <name...>`. Meltano 4 takes only plugin
  // names (the type comes from --plugin-type or the name's tap-/target- prefix), so `add extractor tap-tiktok-shop`
  // there adds a second plugin, a utility named after the definition, beside the extractor.
  test('gives the Meltano 2.x/3.x form, type first', () => {
    expect(readme).toMatch(new RegExp(String.raw`meltano add extractor tap-tiktok-shop --from-ref ${DEFINITION}`));
  });

  test('gives the Meltano 4 form, the plugin name alone after --from-ref', () => {
    expect(readme).toMatch(new RegExp(String.raw`meltano add --from-ref ${DEFINITION} tap-tiktok-shop\b`));
  });

  test('labels each form with its versions: the command under "# Meltano 4" is the name-last form', () => {
    const lines = readme.split('\n');
    const labelled = lines.flatMap((line, i) => (/^\s*# Meltano 4/.test(line) ? [lines[i + 1]!] : []));
    expect(labelled.length).toBeGreaterThan(0);
    for (const command of labelled) expect(command).toMatch(new RegExp(String.raw`^\s*meltano add --from-ref ${DEFINITION} tap-tiktok-shop\s*$`));
    const older = lines.flatMap((line, i) => (/^\s*# Meltano [23]/.test(line) ? [lines[i + 1]!] : []));
    expect(older.length).toBeGreaterThan(0);
    for (const command of older) expect(command).toMatch(new RegExp(String.raw`^\s*meltano add extractor tap-tiktok-shop --from-ref ${DEFINITION}\s*$`));
  });
});
