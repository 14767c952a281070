/**
 * The tap's settings as JSON Schema: the one description that validation, defaults, `--about`, README's
 * settings table and meltano.yml all come from. `secret: true` + `writeOnly: true` mark what is redacted.
 */
export const EXTERNAL_PLATFORMS = [
  'SHOPIFY',
  'WOOCOMMERCE',
  'BIGCOMMERCE',
  'MAGENTO',
  'SALESFORCE_COMMERCE_CLOUD',
  'CHANNEL_ADVISOR',
  'AMAZON',
  'ORDER_MANAGEMENT_SYSTEM',
  'WAREHOUSE_MANAGEMENT_SYSTEM',
  'ERP_SYSTEM',
] as const;

const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}([Tt ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?([Zz]|[+-]\\d{2}:?\\d{2})?)?$';

export const SETTINGS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    app_key: { type: 'string', minLength: 1, description: 'App key of your TikTok Shop Partner Center app.' },
    app_secret: {
      type: 'string',
      minLength: 1,
      secret: true,
      writeOnly: true,
      description: 'App secret of your app; signs every request.',
    },
    service_id: {
      type: 'string',
      minLength: 1,
      description: 'Service id of your app (Partner Center, App & Service page; not the app key). Only `authorize` needs it, for the seller consent link.',
    },
    access_token: {
      type: 'string',
      minLength: 1,
      secret: true,
      writeOnly: true,
      description: 'Seller access token. Optional when refresh_token is set: the tap gets one itself.',
    },
    access_token_expire_in: {
      type: 'integer',
      description: 'When access_token expires, as absolute Unix seconds (as TikTok returns it). Lets the tap refresh ahead of time.',
    },
    refresh_token: {
      type: 'string',
      minLength: 1,
      secret: true,
      writeOnly: true,
      description: 'Seller refresh token. Refreshing rotates it; the tap keeps the new one in the token store and writes it back to the config file. Not needed when the token store holds the grant (after `authorize`).',
    },
    sellers: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      minItems: 1,
      uniqueItems: true,
      description: 'Sync the shops of several sellers of this app in one run, each with its own grant from the token store (run `authorize` once per seller): ["all"] for every seller the store holds, or a list of open_ids or seller names. A seller whose grant fails is skipped (exit 3); the others sync. Default: the one grant of the config or the store.',
    },
    shop_ids: {
      type: 'array',
      items: { type: 'string', pattern: '^\\d+$' },
      uniqueItems: true,
      description: 'Sync only these shops (ids from the shops stream). Default: every shop the token can reach.',
    },
    shop_shard: {
      type: 'string',
      pattern: '^[1-9]\\d*/[1-9]\\d*$',
      description: 'Take part of the shops, as "i/n" (1-based): run n taps side by side, each with its own state, to split the work.',
    },
    start_date: {
      type: 'string',
      pattern: DATE_PATTERN,
      default: '2020-01-01T00:00:00Z',
      description: 'Earliest update_time to sync (statement_time or create_time for the finance streams), RFC 3339 or a plain date (UTC). Used when there is no bookmark.',
    },
    end_date: {
      type: 'string',
      pattern: DATE_PATTERN,
      description: 'Sync only data updated before this instant (exclusive), RFC 3339 or a plain date (UTC). Bookmarks never pass it.',
    },
    lookback_window: {
      type: 'integer',
      minimum: 0,
      default: 3600,
      description: 'Seconds re-read before each bookmark, to catch late updates. Records are re-emitted, never lost.',
    },
    finance_lookback_days: {
      type: 'integer',
      minimum: 0,
      default: 30,
      description:
        'Days before their bookmark that statements, payments and withdrawals are read again on every run (0 = none): their status changes after the time the API filters them by (PROCESSING becomes PAID or FAILED), so the current version of each is emitted again. Statement transactions are read again with their statement.',
    },
    analytics_lookback_days: {
      type: 'integer',
      minimum: 0,
      maximum: 60,
      default: 3,
      description:
        'Days up to their bookmark that the analytics streams read again on every run (0 = none): TikTok revises recent days.',
    },
    analytics_history_days: {
      type: 'integer',
      minimum: 1,
      maximum: 3650,
      default: 90,
      description:
        'Days a first run of an analytics stream reads back at most (start_date still bounds it): the lists cost a request per day.',
    },
    affiliate_lookback_days: {
      type: 'integer',
      minimum: 0,
      default: 60,
      description:
        'Days before their bookmark that affiliate orders are read again on every run (0 = none): the search filters by create_time only, and an order\'s status and actual commissions change until the commission settles, after delivery and the return window, so the current version of each is emitted again.',
    },
    request_timeout: {
      type: 'integer',
      minimum: 1,
      maximum: 3600,
      default: 60,
      description: 'Seconds before one HTTP request is abandoned and retried.',
    },
    max_retries: {
      type: 'integer',
      minimum: 0,
      maximum: 20,
      default: 6,
      description: 'Retries of a request that failed transiently (throttling, 5xx, timeouts, resets), with exponential backoff.',
    },
    requests_per_second: {
      type: 'number',
      minimum: 0,
      default: 0,
      description:
        'Ceiling on the requests per second to one shop, over all its endpoints together (0 = none). Pacing is per endpoint (endpoint_requests_per_second); set this only to keep a shop below what TikTok would allow, e.g. to leave room for another app.',
    },
    endpoint_requests_per_second: {
      type: 'number',
      minimum: 0,
      default: 50,
      description:
        "Starting and highest request rate per endpoint and shop, as TikTok limits them (50 by default per API, app and shop; 0 = unpaced). When TikTok throttles, the tap halves that endpoint's rate for the shop and climbs back after a quiet spell, so this rarely needs changing.",
    },
    max_concurrency: {
      type: 'integer',
      minimum: 1,
      maximum: 256,
      default: 64,
      description: 'Requests in flight at once, across all shops. At 50 requests/s per endpoint and 200 ms per request an endpoint of a shop needs ~10 in flight.',
    },
    max_concurrency_per_shop: {
      type: 'integer',
      minimum: 1,
      maximum: 256,
      default: 32,
      description: 'Requests in flight at once for one shop, so that shops synced side by side share max_concurrency instead of one taking it all.',
    },
    page_size: {
      type: 'integer',
      minimum: 1,
      maximum: 100,
      default: 100,
      description: 'Page size of searches and lists (kept within the range each endpoint accepts: 10–50 for returns, at most 50 for cancellations and packages; capped at 20 for orders while price detail or external orders are selected, for packages with package_detail, and at 10 for statements while statement_transactions is selected, so checkpoints stay a few seconds apart).',
    },
    external_order_platforms: {
      type: 'array',
      items: { type: 'string', enum: [...EXTERNAL_PLATFORMS] },
      uniqueItems: true,
      default: ['SHOPIFY'],
      description: 'Platforms whose order references are fetched for external_orders (one request per order and platform).',
    },
    package_detail: {
      type: 'boolean',
      default: false,
      description:
        'Add Get Package Detail to each package (sub-status, shipping type, dimensions, weight, pickup slot, addresses): one more request per package. Off by default: the search already carries what packages join and report on (orders, line items, status, carrier, tracking), and the detail doubles the requests of the packages stream and brings the recipient address.',
    },
    invalid_record_action: {
      type: 'string',
      enum: ['fail', 'skip'],
      default: 'fail',
      description: 'What to do with a record that does not fit its schema: stop the sync, or skip it with a warning.',
    },
    time_format: {
      type: 'string',
      enum: ['rfc3339', 'unix'],
      default: 'rfc3339',
      description:
        'How times (create_time, update_time, paid_time, ...) are emitted: "rfc3339" UTC strings with format date-time, which SQL targets load as timestamp columns, or "unix" for the integer Unix seconds TikTok sends. Bookmarks take the same form; a state in either form is read.',
    },
    flattening_enabled: {
      type: 'boolean',
      default: false,
      description:
        'Flatten nested objects into columns, as the Meltano SDK does: payment.total_amount becomes payment__total_amount, objects deeper than flattening_max_depth and arrays become JSON text. For CSV and other targets that take their columns from the records; SQL targets are better off with the default (JSON columns).',
    },
    flattening_max_depth: {
      type: 'integer',
      minimum: 0,
      description:
        'How many levels of nested objects flattening_enabled turns into columns (1: the properties of top-level objects). Required when flattening_enabled is true.',
    },
    emit_metrics: {
      type: 'boolean',
      default: false,
      description: 'Write Singer METRIC lines (record counts, request counts, errors and latency) to stderr. Off by default: they were two thirds of the lines a person reads in meltano run; progress lines and the end summary report the same counts.',
    },
    progress_interval: {
      type: 'integer',
      minimum: 0,
      default: 10,
      description: 'Seconds between progress lines on stderr during a sync (0 = none).',
    },
    persist_tokens: {
      type: 'boolean',
      default: true,
      description: 'Write refreshed tokens back to the config file they came from (atomically). The token store is kept either way.',
    },
    token_store_path: {
      type: 'string',
      minLength: 1,
      description:
        'File where the tap keeps the latest access and refresh tokens (JSON, mode 0600), read at start and saved after every refresh; processes sharing it take turns refreshing. Default under Meltano: $MELTANO_SYS_DIR_ROOT/tap-tiktok-shop/tokens.json; otherwise none.',
    },
    token_store_url: {
      type: 'string',
      minLength: 1,
      secret: true,
      writeOnly: true,
      description:
        'PostgreSQL URL (postgresql://USER:PASSWORD@HOST:5432/DATABASE) of a token store shared by machines and containers that share no disk: the tap keeps the grants in the table tap_tiktok_shop_grants, which it creates if missing. Instead of token_store_path; never defaults to Meltano\'s own database.',
    },
    // Running under an orchestrator (Meltano passes settings only, never flags): logs, metrics, stopping.
    log_level: {
      type: 'string',
      enum: ['debug', 'info', 'warning', 'error', 'critical'],
      description: 'Log level on stderr (default info). --log-level wins; TAP_TIKTOK_SHOP_LOGLEVEL and LOGLEVEL are read when neither is set.',
    },
    log_format: {
      type: 'string',
      enum: ['text', 'json'],
      description: 'Log line format on stderr (default text). json is the Singer SDK structured format, which Meltano 4 reads to show each line at its own level. --log-format wins.',
    },
    request_metrics: {
      type: 'boolean',
      default: false,
      description: 'Write one http_request_duration METRIC line per request (always at log level debug). Otherwise requests are reported as aggregated metrics per stream and endpoint, every progress_interval and at the end.',
    },
    stop_timeout: {
      type: 'integer',
      minimum: 0,
      maximum: 600,
      default: 10,
      description: 'Seconds SIGTERM/SIGINT may take: the tap waits this long for the target to take the queued output and for an in-flight token refresh to be saved, then ends by the signal.',
    },
    api_base_url: {
      type: 'string',
      pattern: '^https?://',
      default: 'https://open-api.tiktokglobalshop.com',
      description: 'Open API base URL (point it at the sandbox to try the tap without a shop).',
    },
    auth_base_url: {
      type: 'string',
      pattern: '^https?://',
      default: 'https://auth.tiktok-shops.com',
      description: 'Token service base URL.',
    },
    user_agent: { type: 'string', minLength: 1, description: 'User-Agent header; default tap-tiktok-shop/<version>.' },
  },
} as const;

export type SettingName = keyof typeof SETTINGS_SCHEMA.properties;

/** One setting's schema, as the documentation generators (about, meltano.yml) read it. */
export interface SettingSchema {
  type: string;
  description?: string;
  default?: unknown;
  secret?: boolean;
  enum?: readonly string[];
  items?: { enum?: readonly string[] };
  minimum?: number;
  maximum?: number;
}

export function settingSchema(name: SettingName): SettingSchema {
  return SETTINGS_SCHEMA.properties[name] as SettingSchema;
}
export const SETTING_NAMES = Object.keys(SETTINGS_SCHEMA.properties) as SettingName[];
export const SECRET_SETTINGS: SettingName[] = SETTING_NAMES.filter(
  (name) => (SETTINGS_SCHEMA.properties[name] as { secret?: boolean }).secret === true,
);

export interface TapConfig {
  app_key?: string;
  app_secret?: string;
  service_id?: string;
  access_token?: string;
  access_token_expire_in?: number;
  refresh_token?: string;
  sellers?: string[];
  shop_ids?: string[];
  shop_shard?: string;
  start_date: string;
  end_date?: string;
  lookback_window: number;
  finance_lookback_days: number;
  analytics_lookback_days: number;
  analytics_history_days: number;
  affiliate_lookback_days: number;
  request_timeout: number;
  max_retries: number;
  requests_per_second: number;
  endpoint_requests_per_second: number;
  max_concurrency: number;
  max_concurrency_per_shop: number;
  page_size: number;
  external_order_platforms: string[];
  package_detail: boolean;
  invalid_record_action: 'fail' | 'skip';
  time_format: 'rfc3339' | 'unix';
  flattening_enabled: boolean;
  flattening_max_depth?: number;
  emit_metrics: boolean;
  progress_interval: number;
  persist_tokens: boolean;
  token_store_path?: string;
  token_store_url?: string;
  log_level?: 'debug' | 'info' | 'warning' | 'error' | 'critical';
  log_format?: 'text' | 'json';
  request_metrics: boolean;
  stop_timeout: number;
  api_base_url: string;
  auth_base_url: string;
  user_agent?: string;
}
