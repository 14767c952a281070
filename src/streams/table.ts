/**
 * The ten streams as declarations: key, replication and parent. Everything else (discovery metadata,
 * SCHEMA messages, README's streams table) is derived from this table and from schemas/<stream>.json.
 */
export const STREAM_NAMES = [
  'shops',
  'orders',
  'order_line_items',
  'order_line_item_price_detail',
  'external_orders',
  'external_order_line_items',
  'returns',
  'return_line_items',
  'products',
  'product_skus',
] as const;

export type StreamName = (typeof STREAM_NAMES)[number];

export interface StreamDef {
  name: StreamName;
  keyProperties: string[];
  replicationMethod: 'FULL_TABLE' | 'INCREMENTAL';
  /** Only root incremental streams keep a bookmark; children come with their parent's pages. */
  replicationKey?: 'update_time';
  parent?: StreamName;
  /** Where the records come from, for README and logs. */
  source: string;
}

export const STREAMS: Record<StreamName, StreamDef> = {
  shops: { name: 'shops', keyProperties: ['id'], replicationMethod: 'FULL_TABLE', source: 'Get Authorized Shops' },
  orders: {
    name: 'orders',
    keyProperties: ['id'],
    replicationMethod: 'INCREMENTAL',
    replicationKey: 'update_time',
    source: 'Search Orders, sorted by update_time',
  },
  order_line_items: {
    name: 'order_line_items',
    keyProperties: ['id'],
    replicationMethod: 'INCREMENTAL',
    parent: 'orders',
    source: "each order's line_items (no extra request)",
  },
  order_line_item_price_detail: {
    name: 'order_line_item_price_detail',
    keyProperties: ['order_id', 'line_item_id'],
    replicationMethod: 'INCREMENTAL',
    parent: 'orders',
    source: 'Get Price Detail, one request per order',
  },
  external_orders: {
    name: 'external_orders',
    keyProperties: ['order_id', 'platform', 'id'],
    replicationMethod: 'INCREMENTAL',
    parent: 'orders',
    source: 'Get External Order References, one request per order and platform',
  },
  external_order_line_items: {
    name: 'external_order_line_items',
    keyProperties: ['order_id', 'platform', 'external_order_id', 'id'],
    replicationMethod: 'INCREMENTAL',
    parent: 'external_orders',
    source: "each external order's line_items",
  },
  returns: {
    name: 'returns',
    keyProperties: ['return_id'],
    replicationMethod: 'INCREMENTAL',
    replicationKey: 'update_time',
    source: 'Search Returns, sorted by update_time',
  },
  return_line_items: {
    name: 'return_line_items',
    keyProperties: ['return_line_item_id'],
    replicationMethod: 'INCREMENTAL',
    parent: 'returns',
    source: "each return's return_line_items",
  },
  products: {
    name: 'products',
    keyProperties: ['id'],
    replicationMethod: 'INCREMENTAL',
    replicationKey: 'update_time',
    source: 'Search Products in update_time windows, plus Get Product for full detail',
  },
  product_skus: {
    name: 'product_skus',
    keyProperties: ['id'],
    replicationMethod: 'INCREMENTAL',
    parent: 'products',
    source: "each product's skus",
  },
};

/** Streams whose records derive from `root` (itself included), walking the parent chain. */
export function familyOf(root: StreamName): StreamName[] {
  const rootOf = (name: StreamName): StreamName => {
    const parent = STREAMS[name].parent;
    return parent ? rootOf(parent) : name;
  };
  return STREAM_NAMES.filter((name) => rootOf(name) === root);
}
