import { describe, expect, test } from '@jest/globals';
import { PagesInFlight } from '../../../src/sync/pages-in-flight.js';

/** A page whose calls settle when the test says so; `finished` records the order pages were finished in. */
function page(name: string, finished: string[]) {
  let settle!: (ok: boolean) => void;
  const done = new Promise<void>((resolve, reject) => (settle = (ok) => (ok ? resolve() : reject(new Error(`${name} failed`)))));
  return {
    entry: { done, finish: async () => void finished.push(name) },
    resolve: () => settle(true),
    reject: () => settle(false),
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('PagesInFlight: per-parent calls of several pages overlap, pages finish in order', () => {
  test('a later page that settles first is not finished before the earlier one (its bookmark would pass unwritten records)', async () => {
    const finished: string[] = [];
    const pages = new PagesInFlight();
    const [a, b] = [page('a', finished), page('b', finished)];
    await pages.add(a.entry, 4);
    await pages.add(b.entry, 4);
    b.resolve();
    await tick();
    await pages.add(page('c', finished).entry, 4);
    expect(finished).toEqual([]);
    a.resolve();
    await tick();
    await pages.add(page('d', finished).entry, 4);
    expect(finished).toEqual(['a', 'b']);
  });

  test('add returns at once while fewer than depth pages run, and waits for the oldest beyond it', async () => {
    const finished: string[] = [];
    const pages = new PagesInFlight();
    const first = page('1', finished);
    await pages.add(first.entry, 2);
    await pages.add(page('2', finished).entry, 2);
    let returned = false;
    const third = pages.add(page('3', finished).entry, 2).then(() => (returned = true));
    await tick();
    expect(returned).toBe(false);
    first.resolve();
    await third;
    expect(finished).toEqual(['1']);
  });

  test('depth 0 waits for the page itself', async () => {
    const finished: string[] = [];
    const pages = new PagesInFlight();
    const only = page('only', finished);
    let returned = false;
    const added = pages.add(only.entry, 0).then(() => (returned = true));
    await tick();
    expect(returned).toBe(false);
    only.resolve();
    await added;
    expect(finished).toEqual(['only']);
  });

  test('a failed page rejects only after every running page settled, and finishes none after it', async () => {
    const finished: string[] = [];
    const pages = new PagesInFlight();
    const [a, b, c] = [page('a', finished), page('b', finished), page('c', finished)];
    await pages.add(a.entry, 4);
    await pages.add(b.entry, 4);
    await pages.add(c.entry, 4);
    a.resolve();
    b.reject();
    let failed: unknown;
    const drained = pages.drain().catch((error) => (failed = error));
    await tick();
    expect(failed).toBeUndefined(); // c still runs
    c.resolve();
    await drained;
    expect((failed as Error).message).toBe('b failed');
    expect(finished).toEqual(['a']);
  });
});
