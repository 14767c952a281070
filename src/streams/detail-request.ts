import type { CallContext, Json } from '../sync/declaration.js';
import { endpointPath, type EndpointSpec } from '../tiktok/endpoints.js';

/**
 * One GET of a per-item detail endpoint (Get Product, Get Package Detail): its `data`. The id comes from a reply,
 * so it goes into the path through `endpointPath`, which refuses ids that would change the path.
 */
export async function getDetail(call: CallContext, spec: EndpointSpec, params: Record<string, unknown>): Promise<Json> {
  const { data } = await call.api.request<Json>({
    method: 'GET',
    path: endpointPath(spec, params),
    endpoint: spec.name,
    shop: call.shop,
    tags: call.tags,
  });
  return data;
}
