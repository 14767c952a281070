/**
 * Page tokens: base64 (with + / =) of a version byte, the offset into the live sorted result and 8 bytes of a
 * fingerprint of (endpoint, shop, sort, filters), so page_size may change between pages but nothing else may.
 */
import { createHash } from 'node:crypto';
import { param } from './api-error.js';

export interface Fingerprint {
  bytes: Buffer;
  hex: string;
}

export function fingerprint(kind: string, shopId: string, query: object): Fingerprint {
  const canonical = JSON.stringify([kind, shopId, Object.entries(query).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1))]);
  const bytes = createHash('sha256').update(canonical).digest().subarray(0, 8);
  return { bytes, hex: bytes.toString('hex') };
}

const TOKEN_VERSION = 0xfb;

/** base64 of [version, offset ^ fp[0..4] (u32 BE), fp (8 bytes)]: 13 bytes → 20 chars, starts with "+", ends with "==". */
export function encodeToken(offset: number, fp: Fingerprint): string {
  const b = Buffer.alloc(13);
  b[0] = TOKEN_VERSION;
  b.writeUInt32BE((offset ^ fp.bytes.readUInt32BE(0)) >>> 0, 1);
  fp.bytes.copy(b, 5);
  return b.toString('base64');
}

export function pageOffset(q: Record<string, string>, fp: Fingerprint): number | undefined {
  const token = q['page_token'];
  if (token === undefined || token === '') return undefined;
  const b = Buffer.from(token, 'base64');
  if (b.length !== 13 || b[0] !== TOKEN_VERSION || b.toString('base64') !== token) throw param('page_token is invalid');
  if (!b.subarray(5).equals(fp.bytes)) throw param('page_token does not belong to this query');
  return (b.readUInt32BE(1) ^ fp.bytes.readUInt32BE(0)) >>> 0;
}
