import { parseDateSetting } from '../date-setting.js';
import { ChildCalls, type PageTally } from './child-calls.js';
import { runDayReport } from './day-report.js';
import { settleAll, type ShopSyncContext } from './context.js';
import type { CallContext, ChildRecords, FamilyDecl, ItemDetail, Json, RootRead } from './declaration.js';
import { timeFieldOf, type ListSpec } from './list-request.js';
import { inReply } from './nested-list.js';
import { tooDeep } from './reply-depth.js';
import { pagedCall } from './paged-call.js';
import { PagesInFlight } from './pages-in-flight.js';
import { ReadMarks } from './revisits.js';
import { runSnapshot } from './snapshot-read.js';
import { sortedSearch } from './sorted-search.js';
import { windowedSearch } from './windowed-search.js';
import { withExtraPasses } from './extra-passes.js';
import { runIdSnapshot } from './id-snapshot.js';

type SortedRead = Extract<RootRead, { kind: 'sorted-search' }>;
type WindowedRead = Extract<RootRead, { kind: 'windowed-search' }>;

/**
 * Runs one declared family for one shop: reads its root, writes root and child records, moves its bookmark. The
 * shop list is written by the run itself (src/sync/run.ts), before any shop syncs. A new kind of read fails to
 * compile here until it has a reader.
 */
export async function runFamily(ctx: ShopSyncContext, family: FamilyDecl): Promise<void> {
  // Not offered in this shop's market: one warning, no request, and the family does not count as failed.
  const notOffered = family.notOfferedTo?.(ctx.shop);
  if (notOffered !== undefined) {
    ctx.logger.warn(notOffered, { stream: family.root });
    return;
  }
  try {
    await readFamily(ctx, family);
  } catch (error) {
    // An error the declaration says means "not offered to this shop" (a documented code) ends the family quietly.
    const warning = family.notOffered?.(error);
    if (warning === undefined) throw error;
    ctx.logger.warn(warning, { stream: family.root });
  }
}

async function readFamily(ctx: ShopSyncContext, family: FamilyDecl): Promise<void> {
  const read = family.read;
  switch (read.kind) {
    case 'sorted-search':
      return runSorted(ctx, family, read);
    case 'windowed-search':
      return runWindowed(ctx, family, read);
    case 'snapshot':
      return runSnapshot(ctx, family, read);
    case 'day-report':
      return runDayReport(ctx, family, read);
    case 'shop-list':
      return;
    case 'id-snapshot':
      return runIdSnapshot(ctx, family, read);
    default:
      return read satisfies never;
  }
}

/** The family's start floor for this shop (one info line when it raises start_date), in Unix seconds. */
function floorOf(ctx: ShopSyncContext, family: FamilyDecl): number | undefined {
  const floor = family.startFloor?.(ctx.shop);
  if (!floor) return undefined;
  const startDate = parseDateSetting(ctx.config.start_date) ?? 0;
  if (startDate < floor.seconds) {
    ctx.logger.info(`${family.root}: read from ${new Date(floor.seconds * 1000).toISOString().slice(0, 10)} at the earliest, not start_date: ${floor.why}`, {
      stream: family.root,
    });
  }
  return floor.seconds;
}

function callContext(ctx: ShopSyncContext, stream: string): CallContext {
  const tags = ctx.tags(stream);
  const warn = (message: string) => ctx.logger.warn(message, { stream });
  return { api: ctx.api, shop: ctx.shop, tags, logger: ctx.logger, pages: (call) => pagedCall(ctx.api, ctx.shop, tags, call, warn) };
}

type ListRead = SortedRead | WindowedRead;

/** What the list readers need of a declared root read. */
function listSpec(ctx: ShopSyncContext, root: string, read: ListRead, pageSize: number): ListSpec {
  return {
    path: read.endpoint.path,
    method: read.endpoint.method,
    endpoint: read.endpoint.name,
    itemsKey: read.endpoint.itemsKey,
    pageSize,
    idField: read.idField,
    ...(read.timeField ? { timeField: read.timeField } : {}),
    ...(read.query ? { query: read.query } : {}),
    warn: (message) => ctx.logger.warn(message, { stream: root }),
  };
}

/** A per-parent request's records, whether it gives them at once or page by page. */
async function* chunksOf(reply: Promise<ChildRecords> | AsyncIterable<ChildRecords>): AsyncGenerator<ChildRecords> {
  if (Symbol.asyncIterator in reply) yield* reply;
  else yield await reply;
}

/**
 * Writes an item's root record and its nested children. Returns the root record's time field (`timeField`, read
 * before writing: output may reshape the record), or false when the root was skipped (its children go with it).
 * Called for every item, so it allocates nothing of its own: children are walked with for...in, not
 * Object.entries (an array of pairs per item).
 */
function writeItem(
  ctx: ShopSyncContext,
  family: FamilyDecl,
  timeField: string,
  item: Json,
  detail: Json | undefined,
  extracted: string,
  requestId: string,
): unknown {
  const endpoint = family.read.kind === 'shop-list' ? family.root : family.read.kind === 'id-snapshot' ? family.read.lookup.name : family.read.endpoint.name;
  const { record, children } = inReply(endpoint, requestId, () => family.records(item, ctx.shop.id, detail));
  const updateTime = (record as Json)[timeField];
  try {
    if (!ctx.outputs[family.root]!.write(record, ctx.shop.id, extracted)) return false;
    if (children !== undefined) {
      for (const stream in children) {
        const output = ctx.outputs[stream]!;
        const records = children[stream]!;
        for (let i = 0; i < records.length; i++) output.write(records[i]!, ctx.shop.id, extracted);
      }
    }
  } catch (error) {
    const deep = tooDeep(error, endpoint, requestId);
    if (!deep) throw error;
    // Nothing of the record reached stdout: the line is made whole before it is written.
    if (ctx.config.invalid_record_action !== 'skip') throw deep;
    ctx.logger.warn(`${deep.message}; the item is skipped (invalid_record_action is "skip")`, { stream: family.root });
    return false;
  }
  return updateTime ?? null;
}

/** The per-parent call sets this run makes: those feeding at least one emitted stream. */
function childCallSets(ctx: ShopSyncContext, family: FamilyDecl): Array<{ calls: ChildCalls; decl: NonNullable<FamilyDecl['perParent']>[number] }> {
  const classify = family.refusal ?? (() => undefined);
  return (family.perParent ?? [])
    .filter((decl) => decl.streams.some((stream) => ctx.outputs[stream]?.emit))
    .map((decl) => ({ decl, calls: new ChildCalls(ctx, family.root, decl.what, decl.streams, classify) }));
}

/**
 * A root read by keyset over a search sorted by its time field (update_time, or a finance list's): per page, the
 * detail requests (if any), then every item's records, then the per-parent requests (a paged one writes each page as
 * it comes), which run on while the next pages are read (PagesInFlight); only with every child of the page and of
 * the pages before it written may the bookmark move, and never past the page's newest written root record (the
 * cursor may stand on a skipped one).
 */
async function runSorted(ctx: ShopSyncContext, family: FamilyDecl, read: SortedRead): Promise<void> {
  const { root } = family;
  const bounds = ctx.boundsFor(root, family.trailing, floorOf(ctx, family));
  if (!bounds) return;
  const callSets = childCallSets(ctx, family);
  const emitted = (stream: string): boolean => ctx.outputs[stream]?.emit ?? false;
  const detail = family.detail?.(ctx.config, emitted);
  const marks = family.revisit ? new ReadMarks(ctx, root, family.revisit, family.revisit.streams.filter(emitted)) : undefined;
  const call = callContext(ctx, root);
  const spec = listSpec(ctx, root, read, read.pageSize(ctx.config, callSets.length > 0 || detail !== undefined));
  const timeField = timeFieldOf(spec);
  const pages = sortedSearch<Json>(ctx.api, ctx.shop, spec, bounds.lo, bounds.hi, call.tags);
  const inFlight = new PagesInFlight();
  /** The earlier pages' bookmark as the latest reply's counts confirmed it (sortedSearch), and the newest root record of the pages finished. */
  let confirmed: number | undefined;
  let newestFinished: number | undefined;
  try {
    let first = true;
    for await (const page of pages) {
      ctx.pageRead();
      if (page.earlierBookmark !== undefined) confirmed = page.earlierBookmark;
      // Parents read before in this very version: nothing of them changed, so neither they nor their children are
      // requested or written again (the bookmark is past them already).
      const items = marks ? page.items.filter((item) => !marks.unchanged(item[read.idField] as string, item)) : page.items;
      const details = detail ? await settleAll(items.map((item) => detail(call, item))) : [];
      const extracted = ctx.now();
      const tallies = callSets.map(({ calls }) => calls.startPage());
      const fanOut: Array<Promise<void>> = [];
      let newestWritten: number | undefined;
      try {
        newestWritten = writePage(ctx, family, read.idField, timeField, { items, requestId: page.requestId }, details, extracted, callSets, tallies, fanOut);
      } catch (error) {
        // A record that does not fit ends the family, but requests already started for this page still run: wait for
        // them, so none fails later with nobody listening (an unhandled rejection would kill the other shops' syncs).
        await Promise.allSettled(fanOut);
        throw error;
      }
      const finish = async () => {
        callSets.forEach(({ calls }, i) => calls.endPage(tallies[i]!));
        if (newestWritten !== undefined) {
          ctx.advance(root, Math.min(page.safeBookmark, newestWritten));
          newestFinished = Math.max(newestFinished ?? newestWritten, newestWritten);
        }
        if (marks) {
          for (const item of items) marks.mark(item[read.idField] as string, item, item[timeField] as number);
          marks.store(bounds.lo);
        }
        await ctx.checkpoint();
      };
      // The first page settles alone: an endpoint refusing every call is then found on one page's calls, not four.
      await inFlight.add({ done: settleAll(fanOut), finish }, first ? 0 : PAGES_IN_FLIGHT);
      first = false;
      if (ctx.stopping()) break;
    }
  } catch (error) {
    // The read failed (a search, a detail request, a record): the pages started before are finished where they can
    // be, in order, so their bookmark is kept, and none is left running; then the family fails with the first error.
    await inFlight.drain().catch(() => undefined);
    // Those pages are written and the last reply's counts confirmed their rows: that bookmark holds too (a bad record
    // on one page must not cost the pages before it), never past a record actually written.
    if (confirmed !== undefined && newestFinished !== undefined) ctx.advance(root, Math.min(confirmed, newestFinished));
    throw error;
  }
  await inFlight.drain();
}

/**
 * Pages whose per-parent calls may run at once (src/sync/pages-in-flight.ts). Four pages of 20 orders book 80 calls
 * per endpoint, enough to keep 50 requests/s going at replies of up to ~1.5 s, while holding only four pages.
 */
const PAGES_IN_FLIGHT = 4;

type CallSet = ReturnType<typeof childCallSets>[number];

/**
 * Writes one page of a sorted read (see runSorted): every item's records, then its per-parent requests, started
 * and pushed to `fanOut`. Returns the newest time field of a root record written, undefined when none was. A plain
 * function rather than part of the async runSorted, which V8 would otherwise optimize as a whole (with all it
 * inlines) and compile again each time this loop met an item of a new shape.
 */
function writePage(
  ctx: ShopSyncContext,
  family: FamilyDecl,
  idField: string,
  timeField: string,
  page: { items: Json[]; requestId: string },
  details: Array<Json | undefined>,
  extracted: string,
  callSets: CallSet[],
  tallies: PageTally[],
  fanOut: Array<Promise<void>>,
): number | undefined {
  let newestWritten: number | undefined;
  const items = page.items;
  for (let index = 0; index < items.length; index++) {
    const item = items[index]!;
    const id = item[idField] as string; // a string, and the time field an integer: sortedSearch checked them
    const updateTime = item[timeField] as number;
    // A skipped root record (invalid_record_action "skip") takes its children with it and never becomes the bookmark.
    if (writeItem(ctx, family, timeField, item, details[index], extracted, page.requestId) === false) continue;
    newestWritten = Math.max(newestWritten ?? updateTime, updateTime);
    for (let set = 0; set < callSets.length; set++) {
      const { decl, calls } = callSets[set]!;
      if (calls.disabled) continue;
      for (const request of decl.requests(id, ctx.config, item)) fanOut.push(calls.run(tallies[set]!, id, () => writeChildReplies(ctx, decl.streams[0], request)));
    }
  }
  return newestWritten;
}

/** Runs one per-parent request and writes its records, page by page when it gives them so. */
async function writeChildReplies(
  ctx: ShopSyncContext,
  stream: string,
  request: ReturnType<CallSet['decl']['requests']>[number],
): Promise<void> {
  for await (const replies of chunksOf(request(callContext(ctx, stream)))) {
    const at = ctx.now();
    for (const [child, records] of Object.entries(replies)) {
      for (const record of records) {
        try {
          ctx.outputs[child]!.write(record, ctx.shop.id, at);
        } catch (error) {
          const deep = tooDeep(error, `${child} (a per-parent reply)`, undefined);
          if (!deep) throw error;
          if (ctx.config.invalid_record_action !== 'skip') throw deep;
          ctx.logger.warn(`${deep.message}; the record is skipped (invalid_record_action is "skip")`, { stream: child });
        }
      }
    }
  }
}

/**
 * A root read window by window from an unsorted list: the order of rows is unknown, so the bookmark only moves
 * when a window is complete, and only to the time field (update_time, or create_time of withdrawals) of a root
 * record written inside it.
 */
async function runWindowed(ctx: ShopSyncContext, family: FamilyDecl, read: WindowedRead): Promise<void> {
  const { root } = family;
  const bounds = ctx.boundsFor(root, family.trailing, floorOf(ctx, family));
  if (!bounds) return;
  const detail: ItemDetail | undefined = family.detail?.(ctx.config, (stream) => ctx.outputs[stream]?.emit ?? false);
  const call = callContext(ctx, root);
  const spec = { ...listSpec(ctx, root, read, read.pageSize(ctx.config)), upperBound: read.upperBound };
  const timeField = timeFieldOf(spec);
  const plain = windowedSearch<Json>(ctx.api, ctx.shop, spec, bounds.lo, bounds.hi, call.tags);
  const events = read.extraPasses?.length
    ? withExtraPasses(plain, read.extraPasses, (body, from, to) => windowedSearch<Json>(ctx.api, ctx.shop, { ...spec, body }, from, to + 1, call.tags), read.idField, timeField)
    : plain;
  /**
   * Times of the root records written since the last finished window: the only values a bookmark may take. A
   * window split after it was read hands its rows on to its halves, so a finished window takes only those up to
   * its own end.
   */
  let written: number[] = [];
  /** Set once a window ended short of rows: from then on the bookmark stays, so the next run reads it again. */
  let heldAt: string | undefined;
  for await (const event of events) {
    if (event.kind === 'windowDone') {
      const window = `${new Date(event.from * 1000).toISOString()}–${new Date(event.to * 1000).toISOString()}`;
      if (event.shortfall > 0 && heldAt === undefined) {
        heldAt = window;
        ctx.logger.warn(
          `${root}: ${event.shortfall} ${root.replace(/s$/, '')}(s) of the window ${timeField} ${window} were counted by the search but not returned in three passes; ` +
            'the bookmark stays where it is for the rest of this run, so the next run reads that window again',
          { stream: root },
        );
      }
      const covered = written.filter((t) => t <= event.to);
      written = written.filter((t) => t > event.to);
      if (heldAt === undefined && covered.length) ctx.advance(root, Math.max(...covered));
      await ctx.checkpoint();
      if (ctx.stopping()) return;
      continue;
    }
    ctx.pageRead();
    const updateTimes = await settleAll(
      event.items.map(async (item) => {
        const extra = detail ? await detail(call, item) : undefined;
        const updateTime = writeItem(ctx, family, timeField, item, extra, ctx.now(), event.requestId);
        return typeof updateTime === 'number' && Number.isInteger(updateTime) ? updateTime : undefined;
      }),
    );
    for (const updateTime of updateTimes) {
      // Only a written root record's own (integer) update_time inside the window may become the bookmark.
      if (updateTime !== undefined && updateTime >= event.from && updateTime <= event.to) written.push(updateTime);
    }
    await ctx.checkpoint();
    // A window can hold thousands of detail calls: a stop is honoured after every page, not every window. The
    // bookmark only moves with whole windows, so the next run reads this one again.
    if (ctx.stopping()) return;
  }
}
