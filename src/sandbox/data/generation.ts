/** What every generator shares: the seed and options, the keys of the PRNG streams, time units. */
import type { ResolvedOptions } from '../options.js';

export interface DataContext {
  /** The hashed seed every PRNG stream is keyed by. */
  readonly seed: number;
  readonly opts: ResolvedOptions;
}

/**
 * One PRNG stream per kind of draw, so draws of one kind never shift another's. The values are part of the data:
 * changing one changes every data set generated from a seed.
 */
export const STREAM = {
  SHOP: 1, PRODUCT: 2, ORDER: 3, LIFE: 4, EXT: 5, RET_ROLL: 6, RETURN: 7, ORDER_UPD: 8, ADVANCE: 9, TIMES: 10,
  PRODUCT_UPD: 12, RETURN_UPD: 13, MOVE: 14, CREDS: 15, BUYER: 16,
  CANCEL: 17, CANCEL_UPD: 18, PACKAGE: 19, ADVANCE_CANCEL: 20,
} as const;

export const HOUR = 3600;
export const DAY = 86400;
