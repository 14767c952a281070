import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

/**
 * Holds V8's young generation (the "new space", where every record's objects and strings are born) at a modest size
 * during a sync. By default V8 doubles it, up to 32 MiB on 64-bit, whenever enough objects have survived
 * collections since it last grew; a sync's stream of short-lived records gets it there within seconds, and the tap
 * then carries some 20 MiB more resident memory than it needs. Measured on the bench (bench/RESULTS.md, issue 16):
 * held at 8 MiB, peak RSS of a long backfill is ~18 MiB lower on Node 20 and 22, stays flat from 10,000 to 100,000
 * orders, and CPU is no higher (lower on long runs: a young generation that fits the CPU's cache costs less to fill
 * and collect).
 *
 * Node reads `--max-semi-space-size` only when the process starts, so the tap cannot set a maximum from inside. V8
 * reads its growth factor each time it grows the space, though (SemiSpaceNewSpace::Grow in heap/new-spaces.cc reads
 * `v8_flags.semi_space_growth_factor`; seen to work on Node 20 and 22): set to 1 once the space has reached the cap,
 * it stops growing there. Some later V8 sources clamp the factor to at least 2
 * (DEFINE_MIN_VALUE_IMPLICATION in flag-definitions.h); there this does nothing and V8's default applies, which
 * tests/e2e/young-generation.test.ts would show. A user who sized the young generation (`--max-semi-space-size`
 * or `--min-semi-space-size` in NODE_OPTIONS or node's own arguments, or the growth factor itself) is left alone.
 */
export const YOUNG_GENERATION_CAP_BYTES = 8 * 1024 * 1024;
/**
 * How often the new space's size is looked at until the cap is reached (a look costs a few microseconds). A timer:
 * the hold is only as prompt as the event loop, which a sync turns for every page.
 */
export const YOUNG_GENERATION_CHECK_MS = 20;

const SIZING_FLAG = /--(max|min)[-_]semi[-_]space[-_]size|--semi[-_]space[-_]growth[-_]factor/;

/** Whether the user sized the young generation themselves, in node's arguments or NODE_OPTIONS. */
export function youngGenerationSizedByUser(execArgv: readonly string[], nodeOptions: string | undefined): boolean {
  return execArgv.some((arg) => SIZING_FLAG.test(arg)) || SIZING_FLAG.test(nodeOptions ?? '');
}

function newSpaceBytes(): number {
  return getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;
}

/**
 * Starts holding the young generation at `capBytes` (see above). Returns a function that stops looking; the look is
 * an unref'd timer, so it never keeps the process alive.
 */
export function capYoungGeneration(
  options: { capBytes?: number; execArgv?: readonly string[]; nodeOptions?: string | undefined } = {},
): () => void {
  const { capBytes = YOUNG_GENERATION_CAP_BYTES, execArgv = process.execArgv, nodeOptions = process.env.NODE_OPTIONS } = options;
  if (youngGenerationSizedByUser(execArgv, nodeOptions)) return () => {};
  const hold = (): boolean => {
    if (newSpaceBytes() < capBytes) return false;
    setFlagsFromString('--semi-space-growth-factor=1');
    return true;
  };
  if (hold()) return () => {};
  const timer = setInterval(() => {
    if (hold()) clearInterval(timer);
  }, YOUNG_GENERATION_CHECK_MS);
  timer.unref();
  return () => clearInterval(timer);
}
