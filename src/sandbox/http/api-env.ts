/**
 * What the sandbox's endpoint declarations (searches.ts, finance-searches.ts, details.ts) may use: the store, and
 * the state of the G1 quirk. Its own file so the declaration files import it, never each other in a circle.
 */
import type { Rng } from '../random.js';
import type { Store } from '../store.js';
import type { SearchEnv } from './search.js';

export interface ApiEnv extends SearchEnv {
  readonly store: Store;
  readonly moving: { perPage: number; rng: Rng; counter: number };
}
