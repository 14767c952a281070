/**
 * tiktok-shop-sandbox CLI: starts the sandbox on 127.0.0.1, prints ONE JSON line to stdout —
 * {"base_url":…,"auth_base_url":…,"app_key":…,"app_secret":…,"access_token":…,"refresh_token":…} — and runs until
 * SIGTERM/SIGINT (exit 0). Errors go to stderr as one line, exit 1.
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { realpathSync } from 'node:fs';
import { FAULT_KINDS, type FaultKind, type SandboxOptions } from './options.js';
import { startSandbox } from './index.js';

export const USAGE = `Usage: tiktok-shop-sandbox [options]

Local emulator of the TikTok Shop Partner API. Prints one JSON line with base_url, auth_base_url, app_key,
app_secret, access_token and refresh_token, then serves until SIGTERM/SIGINT.

Options:
  --port N                 TCP port on 127.0.0.1 (default 0 = any free port)
  --seed S                 seed of the generated data (default 1)
  --shops N                authorized shops, over all sellers (default 2)
  --sellers N              sellers of the app, each with its own grant and a block of the shops (default 1);
                           POST /__sandbox/auth_code {"seller": K} gives seller K's auth code
  --orders N               orders per shop (default 500)
  --products N             products per shop (default 40)
  --days N                 orders span the N days before the sandbox clock (default 30)
  --now T                  sandbox clock, Unix seconds (default 1748736000 = 2025-06-01T00:00:00Z)
  --latency-ms N           delay added to every API answer (default 0)
  --latency-jitter-ms N    extra uniform random delay in [0, N) (default 0)
  --rate-limit R           requests per second per shop, 0 = none (default 0)
  --endpoint-rate-limit R  requests per second per endpoint and shop, as TikTok limits, 0 = none (default 0)
  --fault-rate F           share 0-1 of requests answered with an injected fault (default 0)
  --fault-kinds LIST       comma list of ${FAULT_KINDS.join(',')} (default all)
  --slow-ms N              how long a 'slow' fault stalls (default 30000)
  --token-ttl N            seconds an access token lives (default 604800)
  --returns-share F        probability a delivered order has a return (default 0.08)
  --external-share F       share of orders with external order references (default 0.3)
  --platforms LIST         external platforms (default SHOPIFY,WOOCOMMERCE)
  --moving-updates         quirk G1: move an order's update_time forward on every order search request
  --moving-updates-per-page N   orders moved per request (default 1; implies --moving-updates)
  --no-finance-scope LIST  shops whose grant lacks the finance scope: comma list of shop numbers (1 = the first
                           shop of Get Authorized Shops) or shop ids; their finance endpoints answer 105005, the
                           rest works (also POST /__sandbox/finance_scope {"shop_id":…,"granted":false})
  --app-key K / --app-secret S  app credentials (default derived from the seed)
  --no-cache               do not cache rendered JSON (less memory, more CPU)
  --warmup MODE            ready (default): render every order before printing the line (fast paging after);
                           background: render after, between requests; off: render on demand
  -h, --help               show this help
`;

const OPTIONS = {
  port: { type: 'string' },
  seed: { type: 'string' },
  shops: { type: 'string' },
  sellers: { type: 'string' },
  orders: { type: 'string' },
  products: { type: 'string' },
  days: { type: 'string' },
  now: { type: 'string' },
  'latency-ms': { type: 'string' },
  'latency-jitter-ms': { type: 'string' },
  'rate-limit': { type: 'string' },
  'endpoint-rate-limit': { type: 'string' },
  'fault-rate': { type: 'string' },
  'fault-kinds': { type: 'string' },
  'slow-ms': { type: 'string' },
  'token-ttl': { type: 'string' },
  'returns-share': { type: 'string' },
  'external-share': { type: 'string' },
  platforms: { type: 'string' },
  'moving-updates': { type: 'boolean' },
  'moving-updates-per-page': { type: 'string' },
  'no-finance-scope': { type: 'string' },
  'app-key': { type: 'string' },
  'app-secret': { type: 'string' },
  'no-cache': { type: 'boolean' },
  warmup: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

class UsageError extends Error {}

function num(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value)) throw new UsageError(`--${flag} expects a number (got "${raw}")`);
  return value;
}

/** Parse argv (without node and script) into sandbox options; throws UsageError on a bad flag. */
export function parseCli(argv: string[]): { help: boolean; options: Partial<SandboxOptions> } {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: false, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0] ?? 'bad arguments');
  }
  const v = parsed.values;
  if (v.help) return { help: true, options: {} };
  const list = (raw: string | undefined): string[] | undefined =>
    raw === undefined ? undefined : raw.split(',').map((s) => s.trim()).filter(Boolean);
  const kinds = list(v['fault-kinds']);
  if (kinds) {
    const bad = kinds.filter((k) => !(FAULT_KINDS as readonly string[]).includes(k));
    if (bad.length > 0 || kinds.length === 0) throw new UsageError(`--fault-kinds accepts ${FAULT_KINDS.join(',')} (got "${v['fault-kinds']}")`);
  }
  const perPage = num('moving-updates-per-page', v['moving-updates-per-page']);
  // Up to two digits is a shop number, more is a shop id (ids are 19 digits).
  const noScope = list(v['no-finance-scope'])?.map((x) => {
    if (/^\d{1,2}$/.test(x)) return Number(x);
    if (/^\d{3,}$/.test(x)) return x;
    throw new UsageError(`--no-finance-scope takes shop numbers or shop ids (got "${x}")`);
  });
  const seed = v.seed === undefined ? undefined : /^-?\d+$/.test(v.seed) ? Number(v.seed) : v.seed;
  const options: Partial<SandboxOptions> = {
    port: num('port', v.port),
    seed,
    shops: num('shops', v.shops),
    sellers: num('sellers', v.sellers),
    orders: num('orders', v.orders),
    products: num('products', v.products),
    days: num('days', v.days),
    now: num('now', v.now),
    latencyMs: num('latency-ms', v['latency-ms']),
    latencyJitterMs: num('latency-jitter-ms', v['latency-jitter-ms']),
    rateLimit: num('rate-limit', v['rate-limit']),
    endpointRateLimit: num('endpoint-rate-limit', v['endpoint-rate-limit']),
    faultRate: num('fault-rate', v['fault-rate']),
    faultKinds: kinds as FaultKind[] | undefined,
    slowMs: num('slow-ms', v['slow-ms']),
    tokenTtl: num('token-ttl', v['token-ttl']),
    returnsShare: num('returns-share', v['returns-share']),
    externalShare: num('external-share', v['external-share']),
    platforms: list(v.platforms),
    movingUpdates: perPage !== undefined ? perPage : v['moving-updates'] ? 1 : undefined,
    noFinanceScope: noScope,
    appKey: v['app-key'],
    appSecret: v['app-secret'],
    cacheJson: v['no-cache'] ? false : undefined,
    warmup: v.warmup as SandboxOptions['warmup'] | undefined,
  };
  return { help: false, options };
}

export async function main(argv: string[]): Promise<number> {
  let cli;
  try {
    cli = parseCli(argv);
  } catch (error) {
    process.stderr.write(`tiktok-shop-sandbox: ${(error as Error).message} (see --help)\n`);
    return 1;
  }
  if (cli.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  let sandbox;
  try {
    sandbox = await startSandbox(cli.options);
  } catch (error) {
    process.stderr.write(`tiktok-shop-sandbox: ${(error as Error).message}\n`);
    return 1;
  }
  const i = sandbox.info;
  const line = JSON.stringify({
    base_url: i.base_url, auth_base_url: i.auth_base_url, app_key: i.app_key, app_secret: i.app_secret,
    access_token: i.access_token, refresh_token: i.refresh_token,
  });
  const running = sandbox;
  // Handlers go in before the line goes out: a parent that reads the line may signal at once.
  const stopped = new Promise<number>((resolve) => {
    const stop = (): void => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      void running.close().then(() => resolve(0), () => resolve(0));
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
  process.stdout.write(line + '\n');
  return stopped;
}

function invokedDirectly(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(entry)).href;
  } catch {
    return false;
  }
}

if (invokedDirectly()) {
  void main(process.argv.slice(2)).then((code) => process.exit(code));
}
