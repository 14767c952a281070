/**
 * The slice of the API client the sync engine needs. Streams depend on this, not on the client class,
 * so the paging and checkpoint logic can be tested with a fake.
 */
export interface ShopRef {
  id: string;
  cipher: string;
  /** Two-letter market (Get Authorized Shops), when known: some endpoints are not offered in every market. */
  region?: string;
  /** `LOCAL` or `CROSS_BORDER` (Get Authorized Shops), when known. */
  sellerType?: string;
}

export interface ApiCall {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  shop?: ShopRef;
  endpoint?: string;
  tags?: Record<string, string>;
}

export interface ApiCaller {
  request<T>(call: ApiCall): Promise<{ data: T; requestId: string }>;
}
