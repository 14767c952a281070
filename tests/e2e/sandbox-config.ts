import type { SandboxHandle } from '../../src/sandbox/index.js';
import { writeJson } from './run-tap.js';

/** A tap config for a running sandbox, written to `dir`; extra settings override the defaults. */
export function sandboxConfig(sandbox: SandboxHandle, dir: string, extra: Record<string, unknown> = {}): string {
  const info = sandbox.info;
  return writeJson(dir, 'config.json', {
    app_key: info.app_key,
    app_secret: info.app_secret,
    access_token: info.access_token,
    refresh_token: info.refresh_token,
    api_base_url: info.base_url,
    auth_base_url: info.auth_base_url,
    start_date: '2024-01-01',
    external_order_platforms: ['SHOPIFY', 'WOOCOMMERCE'],
    requests_per_second: 0,
    max_concurrency: 16,
    progress_interval: 0,
    emit_metrics: false,
    ...extra,
  });
}
