import type { Selection } from '../singer/selection.js';
import { anyEmitted } from '../singer/selection.js';
import type { FamilyDecl } from '../sync/declaration.js';
import type { FamilyProbe } from '../tiktok/connection-check.js';
import { matchEndpoint } from '../tiktok/endpoints.js';
import { scopeOfStream } from './scopes.js';
import { FAMILIES, familyOf } from './table.js';

/**
 * What `--test` asks of each selected family: one cheap call of its root read, the smallest page of the last minute
 * sent the way a sync sends it (the same filters and sort), so a missing scope shows before a sync rather than as a
 * failed family during one. The filter is never an empty `{}` body (SDKs disagree on signing it, §2.2, G9).
 */
export function familyProbes(selection?: Selection): FamilyProbe[] {
  return FAMILIES.filter((family) => family.read.kind !== 'shop-list' && (!selection || anyEmitted(selection, familyOf(family.root)))).map(probeOf);
}

function probeOf(family: FamilyDecl): FamilyProbe {
  const read = family.read;
  if (read.kind === 'shop-list') throw new Error('the shop list is checked on its own');
  const { method, path, name } = read.endpoint;
  const pageSize = matchEndpoint(method, path)?.pageSize?.min ?? 1;
  const field = read.timeField ?? 'update_time';
  const upper = read.kind === 'windowed-search' && read.upperBound === 'le' ? `${field}_le` : `${field}_lt`;
  // As the engine's reads send them (src/sync/list-request.ts): the time filters in the body of a POST search, in
  // the query of a GET list; a sorted read sorts by its time field.
  const paging = { ...read.query, page_size: pageSize, ...(read.kind === 'sorted-search' ? { sort_field: field, sort_order: 'ASC' } : {}) };
  return {
    family: family.root,
    scope: scopeOfStream(family.root, family.root),
    request: (shop, nowSeconds) => {
      const filters = { [`${field}_ge`]: nowSeconds - 60, [upper]: nowSeconds };
      const base = { path, endpoint: name, shop, tags: { shop_id: shop.id, stream: family.root } };
      return method === 'POST' ? { ...base, method, query: paging, body: filters } : { ...base, method, query: { ...paging, ...filters } };
    },
  };
}
