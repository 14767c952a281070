#!/usr/bin/env node
// `npm run demo`: a full sync of every stream against the built-in sandbox, with nothing but Node.
// Builds if needed, starts the sandbox on a free port, writes a config for it, runs --discover and a sync,
// keeps the Singer output and final state in .demo/, and prints a per-stream summary. Run it again and it
// continues from the saved state, after the sandbox has moved its clock and made new and changed records.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, statSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const demo = join(root, '.demo');
mkdirSync(demo, { recursive: true });

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const built = join(root, 'dist', 'bundle', 'tap-tiktok-shop.mjs'); // what bin/tap-tiktok-shop runs
if (!existsSync(built) || newestMtime(join(root, 'src')) > statSync(built).mtimeMs) {
  console.error('demo: building…');
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const sandbox = spawn(process.execPath, [join(root, 'bin', 'tiktok-shop-sandbox'), '--port', '0', '--seed', '42', '--shops', '3', '--orders', '2000', '--products', '150'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const info = await new Promise((resolve, reject) => {
  const lines = createInterface({ input: sandbox.stdout });
  lines.once('line', (line) => resolve(JSON.parse(line)));
  sandbox.once('exit', (code) => reject(new Error(`sandbox exited with ${code} before it was ready`)));
});

try {
  const statePath = join(demo, 'state.json');
  const resuming = existsSync(statePath);
  if (resuming) {
    // Same seed, same data as last time; move the clock so the incremental run has new and changed records.
    const runs = Number(readFileSync(join(demo, 'runs'), 'utf8').trim() || '1');
    const body = { seconds: 6 * 3600 * runs, new_orders: 40, updated_orders: 60, new_returns: 5, updated_products: 10, new_cancellations: 5, updated_cancellations: 5, resolve_statements: 2 };
    const advanced = await fetch(`${info.base_url}/__sandbox/advance`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    if (!advanced.ok) throw new Error(`sandbox advance failed: HTTP ${advanced.status}`);
  }
  const configPath = join(demo, 'config.json');
  const { tapConfigFor } = await import(join(root, 'dist', 'src', 'sandbox', 'tap-config.js'));
  writeFileSync(configPath, JSON.stringify(tapConfigFor(info, { start_date: '2024-01-01' }), null, 2));
  const tap = join(root, 'bin', 'tap-tiktok-shop');
  const discover = spawnSync(process.execPath, [tap, '--config', configPath, '--discover'], { encoding: 'utf8' });
  if (discover.status !== 0) throw new Error(`--discover failed:\n${discover.stderr}`);
  writeFileSync(join(demo, 'catalog.json'), discover.stdout);

  const started = Date.now();
  const args = [tap, '--config', configPath, '--catalog', join(demo, 'catalog.json'), ...(resuming ? ['--state', statePath] : [])];
  const sync = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });
  const seconds = (Date.now() - started) / 1000;
  const outputPath = join(demo, 'output.jsonl');
  writeFileSync(outputPath, sync.stdout);
  writeFileSync(join(demo, 'sync.log'), sync.stderr);
  if (sync.status !== 0) throw new Error(`sync failed with exit ${sync.status}; see ${join(demo, 'sync.log')}:\n${sync.stderr.split('\n').slice(-5).join('\n')}`);

  const counts = new Map();
  let lastState;
  for (const line of sync.stdout.split('\n')) {
    if (!line) continue;
    const message = JSON.parse(line);
    if (message.type === 'RECORD') counts.set(message.stream, (counts.get(message.stream) ?? 0) + 1);
    if (message.type === 'STATE') lastState = message.value;
  }
  if (lastState) writeFileSync(statePath, JSON.stringify(lastState, null, 2));
  const runs = resuming ? Number(readFileSync(join(demo, 'runs'), 'utf8').trim() || '1') + 1 : 1;
  writeFileSync(join(demo, 'runs'), String(runs));

  const { data: stats } = await (await fetch(`${info.base_url}/__sandbox/stats`)).json();
  // Which requests each stream costs: searches for the roots, one request per order or product for the fan-out,
  // and the pages of each statement's transactions.
  const requestsFor = (pattern) =>
    Object.entries(stats.by_endpoint).filter(([endpoint]) => pattern.test(endpoint)).reduce((sum, [, n]) => sum + n, 0);
  const streamRequests = {
    shops: requestsFor(/authorization/),
    orders: requestsFor(/orders\/search/),
    order_line_item_price_detail: requestsFor(/price_detail/),
    external_orders: requestsFor(/external_orders/),
    returns: requestsFor(/returns\/search/),
    cancellations: requestsFor(/cancellations\/search/),
    packages: requestsFor(/packages\/search|packages\/\{/),
    products: requestsFor(/products\/search|products\/\{/),
    statements: requestsFor(/finance\/202309\/statements$/),
    statement_transactions: requestsFor(/\/statement_transactions$/),
    payments: requestsFor(/finance\/202309\/payments$/),
    withdrawals: requestsFor(/finance\/202309\/withdrawals$/),
  };
  console.log(`\n${resuming ? 'Incremental' : 'Full'} sync against the sandbox: ${seconds.toFixed(1)} s in all, ${stats.requests} API requests`);
  // Seconds per stream family, from the tap's own summary lines ("summary: orders: N records in S s …").
  const familySeconds = Object.fromEntries([...sync.stderr.matchAll(/summary: (\w+): \d+ records in ([\d.]+) s/g)].map((m) => [m[1], m[2]]));
  console.log(`${'stream'.padEnd(32)}${'records'.padStart(9)}${'requests'.padStart(10)}${'seconds'.padStart(9)}`);
  for (const [stream, count] of counts) {
    const requests = streamRequests[stream];
    const took = familySeconds[stream];
    console.log(`${stream.padEnd(32)}${String(count).padStart(9)}${(requests === undefined ? '' : String(requests)).padStart(10)}${(took ?? '').padStart(9)}`);
  }
  console.log("(a root stream's seconds include its children's; they are summed over shops, which sync side by side)");
  const perStream = (sync.stderr.match(/summary: [^\n]*/g) ?? []).at(-1);
  if (perStream) console.log(`\n${perStream.replace('summary: ', 'tap: ')}`);
  console.log(`\nSinger output: ${outputPath}\nFinal state:   ${statePath}\nTap log:       ${join(demo, 'sync.log')}`);
  console.log('Run `npm run demo` again to continue incrementally from that state.');
} finally {
  sandbox.kill('SIGTERM');
}
