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
  return FAMILIES.filter((family) => family.read.kind !== 'shop-list' && (!selection || anyEmitted(selection, familyOf(family.root)))).map((family) => ({
    ...probeOf(family),
    ...(family.notOfferedTo ? { notOfferedTo: family.notOfferedTo } : {}),
    ...(family.notOffered ? { notOffered: family.notOffered } : {}),
  }));
}

function probeOf(family: FamilyDecl): FamilyProbe {
  const read = family.read;
  const scope = scopeOfStream(family.root, family.root);
  const tags = (shopId: string) => ({ shop_id: shopId, stream: family.root });
  switch (read.kind) {
    case 'shop-list':
      throw new Error('the shop list is checked on its own');
    case 'day-report': {
      // Yesterday in UTC: any whole day serves to learn whether the grant may read the report.
      const paging = { ...read.query, ...(read.pageSize ? { page_size: 1 } : {}) };
      return {
        family: family.root,
        scope,
        request: (shop, nowSeconds) => {
          const day = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);
          const query = { ...paging, start_date_ge: day(nowSeconds - 86_400), end_date_lt: day(nowSeconds) };
          return { method: 'GET', path: read.endpoint.path, endpoint: read.endpoint.name, shop, tags: tags(shop.id), query };
        },
      };
    }
    case 'snapshot':
      return {
        family: family.root,
        scope,
        request: (shop, nowSeconds) => ({
          method: 'GET',
          path: read.endpoint.path,
          endpoint: read.endpoint.name,
          shop,
          tags: tags(shop.id),
          query: { ...read.query(nowSeconds - 60, nowSeconds), page_size: matchEndpoint(read.endpoint.method, read.endpoint.path)?.pageSize?.min ?? 1 },
        }),
      };
    case 'id-snapshot':
      // The ids list is the snapshot's first call (and needs the same grant as its lookup, docs/tiktok-shop-api.md §12.1).
      return listProbe(family.root, scope, read.ids.endpoint, read.ids.timeField, read.ids.upperBound === 'le', false, undefined);
    default:
      return listProbe(family.root, scope, read.endpoint, read.timeField ?? 'update_time', read.kind === 'windowed-search' && read.upperBound === 'le', read.kind === 'sorted-search', read.query);
  }
}

/** A list read's probe: the smallest page of the last minute, with the read's filters and sort. */
function listProbe(
  root: string,
  scope: string | undefined,
  endpoint: { method: 'GET' | 'POST'; path: string; name: string },
  field: string,
  inclusiveUpper: boolean,
  sorted: boolean,
  extra: Readonly<Record<string, string>> | undefined,
): FamilyProbe {
  const { method, path, name } = endpoint;
  const pageSize = matchEndpoint(method, path)?.pageSize?.min ?? 1;
  const upper = inclusiveUpper ? `${field}_le` : `${field}_lt`;
  // As the engine's reads send them (src/sync/list-request.ts): the time filters in the body of a POST search, in
  // the query of a GET list; a sorted read sorts by its time field.
  const paging = { ...extra, page_size: pageSize, ...(sorted ? { sort_field: field, sort_order: 'ASC' } : {}) };
  return {
    family: root,
    scope,
    request: (shop, nowSeconds) => {
      const filters = { [`${field}_ge`]: nowSeconds - 60, [upper]: nowSeconds };
      const base = { path, endpoint: name, shop, tags: { shop_id: shop.id, stream: root } };
      return method === 'POST' ? { ...base, method, query: paging, body: filters } : { ...base, method, query: { ...paging, ...filters } };
    },
  };
}
