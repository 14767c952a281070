/**
 * The import arrows of src/ run one way: down the layers below, never up, and never in a circle. Every import
 * counts, `import type` included: a type is a dependency of the design even when the compiler erases it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

const SRC = new URL('../../src/', import.meta.url).pathname;

/**
 * The layers, top first; a module may import its own layer and the layers below it. An entry ending in "/" is a
 * directory of src/; any other file directly in src/ (errors, log, redact, settings, ...) and src/generated/ are
 * the base layer. The order is the code's:
 * - cli.ts parses the command line and hands over to commands/, the composition root that binds the tap's
 *   declarations to the engine (`new SyncRun(TAP_DECLARATIONS, ...)`).
 * - streams/ declares this tap's streams against the engine's declaration types, so it sits above the engine
 *   (src/sync/), which knows no stream of this tap: the tap passes its declarations in.
 * - tokens/ keeps rotated tokens (store, write-back) and uses tiktok/'s token types and errors.
 * - config.ts checks settings with validation/'s schemas. validation/ compiles singer/'s JSON schemas, and the Singer
 *   output checks records with validation/'s validators: the two are one layer (the circle test still holds).
 * authorize/ and sandbox/ (a program of its own) are side by side below commands/; sandbox/ reads only
 * tiktok/'s wire helpers.
 */
const LAYERS: ReadonlyArray<readonly string[]> = [
  ['cli.ts'],
  ['commands/'],
  ['authorize/', 'sandbox/'],
  ['streams/'],
  ['sync/'],
  ['tokens/'],
  ['tiktok/', 'config.ts'],
  ['singer/', 'validation/'],
];
const BASE = LAYERS.length;


/** Every .ts file under src/, relative to it ("sync/run.ts"). */
function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [relative(SRC, path)] : [];
  });
}

/**
 * The relative imports of a source text: `import ... from`, `export ... from`, `import './x.js'` and `import('./x.js')`.
 * Packages (no leading dot) are not part of the graph.
 */
function relativeImports(text: string): string[] {
  return [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+)'(\.{1,2}\/[^']+)'/gm)].map((m) => m[1]!);
}

/** The import graph of src/: file -> the files it imports (".js" specifiers resolved to the ".ts" sources). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles()) {
    const text = readFileSync(join(SRC, file), 'utf8');
    const targets = relativeImports(text).map((spec) => normalize(join(dirname(file), spec)).replace(/\.js$/, '.ts'));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}


function layerOf(file: string): number {
  const index = LAYERS.findIndex((layer) => layer.some((entry) => (entry.endsWith('/') ? file.startsWith(entry) : file === entry)));
  if (index >= 0) return index;
  if (!file.includes('/') || file.startsWith('generated/')) return BASE;
  throw new Error(`src/${file} is in no layer: add its directory to LAYERS in tests/unit/layers.test.ts`);
}

const layerName = (index: number): string => (index === BASE ? 'base modules' : LAYERS[index]!.join(', '));

/** Imports from a lower layer to a higher one, as "from -> to (layer -> layer)". */
function upwardImports(graph: Map<string, string[]>): string[] {
  const found: string[] = [];
  for (const [from, targets] of graph) {
    for (const to of targets) {
      if (layerOf(to) < layerOf(from)) found.push(`${from} -> ${to} (${layerName(layerOf(from))} -> ${layerName(layerOf(to))})`);
    }
  }
  return found.sort();
}

/**
 * Every circle of the graph, one path per strongly connected component ("a.ts -> b.ts -> a.ts"): Tarjan's algorithm
 * finds the components, then a breadth-first search closes the shortest circle through the first file of each.
 */
function circles(graph: Map<string, string[]>): string[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || (graph.get(node) ?? []).includes(node)) components.push(component.sort());
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);

  return components.map((component) => {
    const members = new Set(component);
    const start = component[0]!;
    const cameFrom = new Map<string, string>();
    const queue = [start];
    while (queue.length) {
      const node = queue.shift()!;
      const next = (graph.get(node) ?? []).filter((target) => members.has(target));
      if (next.includes(start)) {
        const path = [start];
        for (let at = node; at !== start; at = cameFrom.get(at)!) path.splice(1, 0, at);
        return [...path, start].join(' -> ');
      }
      for (const target of next) {
        if (!cameFrom.has(target) && target !== start) {
          cameFrom.set(target, node);
          queue.push(target);
        }
      }
    }
    return component.join(' <-> ');
  });
}

describe('layers of src/', () => {
  test('the import graph of src/ has no circle', () => {
    expect(circles(importGraph())).toEqual([]);
  });

  test('no import goes from a lower layer to a higher one', () => {
    expect(upwardImports(importGraph())).toEqual([]);
  });

  test('src/streams/ reaches the engine only through its declaration types', () => {
    const graph = importGraph();
    const bad = [...graph].flatMap(([from, targets]) =>
      from.startsWith('streams/') ? targets.filter((to) => to.startsWith('sync/') && to !== 'sync/declaration.ts').map((to) => `${from} -> ${to}`) : [],
    );
    expect(bad).toEqual([]);
  });

});

describe('the checks themselves', () => {
  test('the graph sees imports of every form', () => {
    const text = "import type { A } from './a.js';\nimport {\n  B,\n} from '../b/c.js';\nexport { D } from './d.js';\nimport './side.js';\nconst e = await import('./e.js');\nimport { f } from 'ajv';";
    expect(relativeImports(text)).toEqual(['./a.js', '../b/c.js', './d.js', './side.js', './e.js']);
    expect(importGraph().get('streams/orders.ts')).toContain('sync/declaration.ts');
  });

  test('a circle is found and named by its path', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts', 'd.ts']],
      ['d.ts', []],
      ['e.ts', ['e.ts']],
    ]);
    expect(circles(graph)).toEqual(['a.ts -> b.ts -> c.ts -> a.ts', 'e.ts -> e.ts']);
    expect(circles(new Map([['a.ts', ['b.ts']], ['b.ts', []]]))).toEqual([]);
  });

  test('an import up the layers is found, one down is not', () => {
    expect(upwardImports(new Map([['tokens/store.ts', ['sync/run.ts', 'errors.ts']]]))).toEqual(['tokens/store.ts -> sync/run.ts (tokens/ -> sync/)']);
    expect(upwardImports(new Map([['sync/run.ts', ['singer/writer.ts', 'sync/context.ts']]]))).toEqual([]);
    expect(layerOf('sync.ts')).toBe(BASE);
    expect(() => layerOf('newdir/x.ts')).toThrow(/in no layer/);
  });
});
