/** One page of a search result as the `data` JSON bytes, assembled from each record's cached JSON. */
import type { View } from '../store.js';
import { encodeToken, type Fingerprint } from './page-tokens.js';

const COMMA = Buffer.from(',');
const CLOSE_PAGE = Buffer.from(']}');

/**
 * Items beyond `reachable` are never served (and no token leads to them); `total` is reported as is (null: the
 * endpoint has no total_count).
 */
export function renderPage(view: View, offset: number, size: number, reachable: number, fp: Fingerprint, key: string,
  render: (i: number) => string | Buffer, total: number | null = view.length): Buffer {
  const end = Math.min(offset + size, reachable);
  const next = end < reachable ? encodeToken(end, fp) : '';
  const head = total === null ? '{' : `{"total_count":${total},`;
  const parts: Buffer[] = [Buffer.from(`${head}"next_page_token":"${next}","${key}":[`)];
  let length = (parts[0] as Buffer).length + CLOSE_PAGE.length;
  for (let k = offset; k < end; k++) {
    if (k > offset) {
      parts.push(COMMA);
      length++;
    }
    const item = render(view.at(k));
    const buf = typeof item === 'string' ? Buffer.from(item) : item;
    parts.push(buf);
    length += buf.length;
  }
  parts.push(CLOSE_PAGE);
  return Buffer.concat(parts, length);
}
