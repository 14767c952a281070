import type { Json } from './declaration.js';
import type { WindowedEvent } from './windowed-search.js';

/** Reads one window [from, to] of the same search with extra body filters. */
export type PassReader<T> = (filters: Readonly<Record<string, unknown>>, from: number, to: number) => AsyncIterable<WindowedEvent<T>>;

/**
 * A windowed read where each window is also read with extra body filters, for records the plain search leaves out
 * (Search Products lists DELETED products only when asked for that status, §12.3). A window is done only once every
 * pass over it is, so the bookmark never passes a window whose extra records are not written yet; its shortfall is
 * the sum of all passes'. A version (id + time) a pass brings again is not yielded twice within the window (should
 * the plain search list those records after all).
 */
export async function* withExtraPasses<T extends Json>(
  events: AsyncIterable<WindowedEvent<T>>,
  passes: ReadonlyArray<Readonly<Record<string, unknown>>>,
  readPass: PassReader<T>,
  idField: string,
  timeField: string,
): AsyncGenerator<WindowedEvent<T>> {
  const version = (item: T): string => `${String(item[idField])}@${String(item[timeField])}`;
  let seen = new Set<string>();
  for await (const event of events) {
    if (event.kind === 'page') {
      for (const item of event.items) seen.add(version(item));
      yield event;
      continue;
    }
    let shortfall = event.shortfall;
    for (const filters of passes) {
      for await (const extra of readPass(filters, event.from, event.to)) {
        if (extra.kind === 'windowDone') {
          shortfall += extra.shortfall;
          continue;
        }
        const items = extra.items.filter((item) => !seen.has(version(item)));
        for (const item of items) seen.add(version(item));
        yield { kind: 'page', items, from: event.from, to: event.to, requestId: extra.requestId };
      }
    }
    seen = new Set();
    yield { ...event, shortfall };
  }
}
