/** The shop's buyer pool: orders draw from it, so buyers repeat like real customers. */
import { ALNUM, Rng, pad } from '../random.js';
import { FIRST_NAMES, LAST_NAMES, STREETS } from '../regions.js';
import { STREAM, type DataContext } from './generation.js';
import { flat } from './json-bytes.js';
import type { Buyer, ShopState } from './state.js';

/** Buyer `k` of the shop, generated on first use. */
export function buyer(gen: DataContext, shop: ShopState, k: number): Buyer {
  const cached = shop.buyers[k];
  if (cached) return cached;
  const m = shop.market;
  const r = new Rng(gen.seed, shop.idx, STREAM.BUYER, k);
  const [city = '', state = '', postal = ''] = r.pick(m.cities);
  const userId = '7494' + pad(shop.idx, 2) + r.digits(13);
  const email = r.chars(6, ALNUM) + '@scs2.tiktok.com';
  const first = r.pick(FIRST_NAMES);
  const last = r.pick(LAST_NAMES);
  const phone = `(+${m.region === 'US' ? '1' : '44'})${r.digits(3)}****${r.digits(2)}`;
  const street = `${r.int(1, 999)} ${r.pick(STREETS)}`;
  const district = `[{"address_level":"L0","address_level_name":"Country","address_name":"${m.countryName}"},`
    + `{"address_level":"L1","address_level_name":"${m.stateLevel}","address_name":"${state}"}`;
  const full = (masked: boolean): string =>
    `{"name":"${masked ? `${first.charAt(0)}*** ${last.charAt(0)}***` : `${first} ${last}`}"`
    + `,"first_name":"${masked ? '' : first}","last_name":"${masked ? '' : last}","phone_number":"${phone}"`
    + `,"full_address":"${street}, ${city}, ${state} ${postal}","address_detail":"${street}"`
    + `,"address_line1":"${street}","address_line2":"","address_line3":"","address_line4":""`
    + `,"postal_code":"${postal}","region_code":"${m.region}","district_info":${district}`
    + `,{"address_level":"L2","address_level_name":"City","address_name":"${city}"}]}`;
  const buyer: Buyer = {
    userId, email, state,
    frag: flat(`,"user_id":"${userId}","buyer_email":"${email}"`),
    // Address is partial while UNPAID / ON_HOLD (G10); name and phone are masked with platform logistics.
    addressPartial: flat(`{"postal_code":"${postal}","region_code":"${m.region}","district_info":${district}]}`),
    addressMasked: flat(full(true)),
    addressFull: flat(full(false)),
  };
  shop.buyers[k] = buyer;
  return buyer;
}
