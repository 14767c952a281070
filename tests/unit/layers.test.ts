/** The import arrows run one way: streams -> sync engine, and src/singer/ knows no stream of this tap nor TikTok. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const SRC = new URL('../../src/', import.meta.url).pathname;

function importsOf(dir: string): Array<{ file: string; target: string }> {
  return readdirSync(join(SRC, dir))
    .filter((name) => name.endsWith('.ts'))
    .flatMap((name) =>
      [...readFileSync(join(SRC, dir, name), 'utf8').matchAll(/(?:^|\n)\s*(?:import|export)[^;]*?from\s+'([^']+)'/g)].map((m) => ({ file: `${dir}/${name}`, target: m[1]! })),
    );
}

test('src/singer/ imports nothing of streams, sync or tiktok', () => {
  const bad = importsOf('singer').filter(({ target }) => /\.\.\/(streams|sync|tiktok|generated)\//.test(target));
  expect(bad).toEqual([]);
});

test('src/sync/ does not import src/streams/ (the tap passes its declarations in)', () => {
  expect(importsOf('sync').filter(({ target }) => target.includes('../streams/'))).toEqual([]);
});

test('src/streams/ reaches the engine only through its declaration types', () => {
  const bad = importsOf('streams').filter(({ target }) => target.startsWith('../sync/') && target !== '../sync/declaration.js');
  expect(bad).toEqual([]);
});

test('the checks see imports at all (a file known to import the engine is found)', () => {
  expect(importsOf('streams')).toContainEqual({ file: 'streams/orders.ts', target: '../sync/declaration.js' });
});
