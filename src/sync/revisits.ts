import type { ShopSyncContext } from './context.js';
import type { Json, Revisit } from './declaration.js';

/** Where the marks live beside the root stream's bookmark of a shop. */
export const READ_MARKS_KEY = 'children_read';

/** Parent id → [fingerprint with the child streams read, the parent's time field]. */
type Marks = Record<string, [string, number]>;

function isMarks(value: unknown): value is Marks {
  return value !== null && typeof value === 'object' && !Array.isArray(value) &&
    Object.values(value).every((v) => Array.isArray(v) && typeof v[0] === 'string' && typeof v[1] === 'number');
}

/**
 * Which parents of a root stream had their children read, and in which version (see `Revisit`). Kept in the STATE
 * beside the bookmark, and written there only together with a bookmark move, that is once the page's records and
 * children are out: a run stopped before that leaves the page unmarked, so the next run reads it whole again. The
 * child streams are part of the mark, so a child stream selected later is read for every parent.
 */
export class ReadMarks {
  private readonly marks: Marks;
  private readonly suffix: string;

  constructor(
    private readonly ctx: ShopSyncContext,
    private readonly root: string,
    private readonly revisit: Revisit,
    childStreams: readonly string[],
  ) {
    const stored = ctx.kept(root, READ_MARKS_KEY);
    // Marks that are not ours (hand-edited state) are dropped: every parent is then read again, which is safe.
    this.marks = isMarks(stored) ? { ...stored } : {};
    this.suffix = `|${[...childStreams].sort().join(',')}`;
  }

  private markOf(item: Json): string {
    return this.revisit.fingerprint(item) + this.suffix;
  }

  /** True when the parent was read before in this very version, with the same child streams. */
  unchanged(id: string, item: Json): boolean {
    return this.marks[id]?.[0] === this.markOf(item);
  }

  /** Records that the parent's children were read (kept with the next `store`). */
  mark(id: string, item: Json, time: number): void {
    this.marks[id] = [this.markOf(item), time];
  }

  /**
   * Hands the marks to the state, without those older than `from` (the run's window start): a parent the window no
   * longer reaches is never read again, so its mark is of no use.
   */
  store(from: number): void {
    for (const [id, [, time]] of Object.entries(this.marks)) if (time < from) delete this.marks[id];
    this.ctx.keep(this.root, READ_MARKS_KEY, { ...this.marks });
  }
}
