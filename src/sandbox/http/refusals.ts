/**
 * Refusals on demand: the error codes TikTok documents for one item or one search (docs/tiktok-shop-api.md §3.3)
 * that no generated data produces by itself, answered for a given request path until withdrawn — so a test or a
 * user can see what the tap does when a package's detail is denied (10006402), a product is gone between search and
 * detail (12019150, 12052260, 12052032, 12052901) or a shop's return searches are refused (25020005, 25001001).
 */

/** The documented meaning of each code, used as the reply's message when none is given. */
export const DOCUMENTED_REFUSALS: Readonly<Record<number, string>> = {
  10006402: 'Permission denied.',
  12019150: 'The product ID does not exist.',
  12052260: 'The product ID does not exist.',
  12052032: 'The product does not exist.',
  12052901: 'The product is not available for this operation in its current status.',
  25020005: 'No permission to process this order',
  25001001: 'An invalid request parameter was passed.',
};

export class Refusals {
  private readonly byPath = new Map<string, { code: number; message: string }>();

  /** From now on `path` (a concrete request path, e.g. `/fulfillment/202309/packages/123`) answers `code`; null withdraws it. */
  set(path: string, code: number | null, message?: string): void {
    if (!path.startsWith('/')) throw new RangeError('path must be a request path starting with /');
    if (code === null) {
      this.byPath.delete(path);
      return;
    }
    if (!Number.isInteger(code) || code <= 0) throw new RangeError('code must be a positive integer error code');
    this.byPath.set(path, { code, message: message ?? DOCUMENTED_REFUSALS[code] ?? `Refused with ${code}` });
  }

  /** The refusal for a request path, if one is set. */
  of(path: string): { code: number; message: string } | undefined {
    return this.byPath.get(path);
  }

  list(): Record<string, number> {
    return Object.fromEntries([...this.byPath].map(([path, r]) => [path, r.code]));
  }
}
