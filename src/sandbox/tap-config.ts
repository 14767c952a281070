import type { SandboxInfo } from './server.js';

/**
 * A tap config for a running sandbox: its URLs and credentials and every stream's fan-out platforms; pacing and
 * concurrency are the tap's defaults (per endpoint and shop, as against TikTok; the sandbox limits when asked). The demo, the end-to-end tests and the
 * benchmarks all start from this; `extra` overrides any setting.
 */
export function tapConfigFor(info: SandboxInfo, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    app_key: info.app_key,
    app_secret: info.app_secret,
    access_token: info.access_token,
    refresh_token: info.refresh_token,
    api_base_url: info.base_url,
    auth_base_url: info.auth_base_url,
    start_date: '2020-01-01',
    external_order_platforms: ['SHOPIFY', 'WOOCOMMERCE'],
    ...extra,
  };
}
