import { Rng, hashString } from '../random.js';
import { STREAM } from './generation.js';

/** Deterministic app credentials for a seed (used when none are given). */
export function deriveCredentials(seed: number | string): { appKey: string; appSecret: string } {
  const r = new Rng(hashString(String(seed)), STREAM.CREDS);
  return { appKey: r.chars(13, '0123456789abcdefghijklmnopqrstuvwxyz'), appSecret: r.chars(40, '0123456789abcdef') };
}
