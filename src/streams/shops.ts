import type { ShopsRecord } from '../generated/records.js';
import type { FamilyDecl, Json } from '../sync/declaration.js';
import { asRecord } from './as-record.js';
import { declareStream } from './declare.js';

/** A shop as a record of the shops stream: everything the shop list says, keyed by shop_id. */
export function shopRecord(shop: Json & { id: string }): ShopsRecord {
  return asRecord<ShopsRecord>({ ...shop, shop_id: shop.id });
}

export const SHOP_STREAMS = [declareStream('shops', ['id'], { fullTable: true }, 'Get Authorized Shops')];

export const SHOPS_FAMILY: FamilyDecl = {
  root: 'shops',
  read: { kind: 'shop-list' },
  records: (shop) => ({ record: shopRecord(shop as Json & { id: string }) }),
};
