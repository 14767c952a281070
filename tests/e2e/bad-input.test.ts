import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMessages, runTap, tempDir, writeJson, ROOT, type SingerMessage } from './run-tap.js';
import { bookmarkSeconds } from './bookmarks.js';
import { E2E_ANALYTICS_HISTORY_DAYS } from './sandbox-config.js';
import { startStub, STUB_TOKENS, type StubApi, type StubRoutes } from './stub-api.js';

/**
 * The bad-input corpus: one fixture per file in tests/fixtures/bad-input/. Each writes its config, state and
 * catalog to a temp dir, runs the built tap against a local stub API and checks that the tap fails (or warns)
 * the way a user can act on: the right exit code, one clear line on stderr, no stack trace, only Singer
 * messages on stdout, no secret anywhere, and no bookmark of the input state lost.
 *
 * Fixture fields:
 *   description, args (extra CLI args; default a plain sync),
 *   config | config_raw | config_missing, state | state_raw, catalog | catalog_raw,
 *   api: stub route overrides ("METHOD /path" → a reply {status, raw | json, headers, when_query, when_body} or a
 *     list of them, first match wins; see stub-api.ts),
 *   known_bug: what is wrong and where — the case states the right behaviour and runs as test.failing (in its
 *     concurrent form, like every case here); BAD_INPUT_KNOWN_BUGS=run runs them as plain tests, to see which
 *     assertion fails,
 *   expect: {
 *     exit, stderr (regex one stderr line must match),
 *     level?: the log level of that line (default: CRITICAL for exit 1/2/4/5/70, ERROR for 3, WARNING for 0),
 *     stdout_types?: the distinct Singer message types on stdout, in order of first appearance,
 *     stderr_absent?: regex no stderr line may match,
 *     stack?: true when a stack trace is expected (--log-level debug),
 *     requests?: {"METHOD /path": count} — exact counts of requests to the stub,
 *     final_state_includes?: object the last STATE's value must contain (toMatchObject),
 *   }
 * "{{stub}}" in any config value is replaced by the stub's base URL. An object config gets api_base_url and
 * auth_base_url of the stub unless it sets them, so no case can reach the real API, and a few days of analytics
 * history (E2E_ANALYTICS_HISTORY_DAYS) unless it sets analytics_history_days: the stub's reports are empty, and 90
 * days of them made a case that syncs cost seconds of requests no case checks. Cases without `api` fail before any
 * request, and that is checked too.
 */
interface Fixture {
  description: string;
  args?: string[];
  config?: unknown;
  config_raw?: string;
  config_missing?: boolean;
  state?: unknown;
  state_raw?: string;
  catalog?: unknown;
  catalog_raw?: string;
  api?: StubRoutes;
  known_bug?: string;
  expect: {
    exit: number;
    stderr: string;
    level?: 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';
    stdout_types?: string[];
    stderr_absent?: string;
    stack?: boolean;
    requests?: Record<string, number>;
    final_state_includes?: Record<string, unknown>;
  };
}

const FIXTURE_DIR = join(ROOT, 'tests', 'fixtures', 'bad-input');
const SECRET_KEYS = ['app_secret', 'access_token', 'refresh_token'];
/** Every fixture uses these recognisable values; the stub's fresh tokens are secrets too. */
const KNOWN_SECRETS = ['SECRET-app-secret-1234', 'SECRET-refresh-5678', 'SECRET-access-9012', STUB_TOKENS.access_token, STUB_TOKENS.refresh_token];
const STACK_LINE = /^\s+at /m;

const fixtures = readdirSync(FIXTURE_DIR)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => ({ name, fixture: JSON.parse(readFileSync(join(FIXTURE_DIR, name), 'utf8')) as Fixture }));

function substitute(value: unknown, stubUrl: string): unknown {
  if (typeof value === 'string') return value.split('{{stub}}').join(stubUrl);
  if (Array.isArray(value)) return value.map((item) => substitute(item, stubUrl));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substitute(item, stubUrl)]));
  }
  return value;
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

function secretsOf(config: unknown): string[] {
  const found = isObject(config) ? SECRET_KEYS.map((key) => config[key]).filter((v): v is string => typeof v === 'string' && v.length >= 6) : [];
  return [...new Set([...KNOWN_SECRETS, ...found])];
}

function defaultLevel(exit: number): string {
  if (exit === 0) return 'WARNING';
  if (exit === 3) return 'ERROR';
  return 'CRITICAL';
}

/** The text log line's level: `<ts> | LEVEL    | tap-tiktok-shop | message`. */
function levelOf(line: string): string | undefined {
  return /^\S+ \| (\w+)\s* \| /.exec(line)?.[1];
}

type Bookmarks = Record<string, Record<string, unknown>>;

function bookmarksOf(state: unknown): Bookmarks {
  const value = isObject(state) && state.type === 'STATE' && isObject(state.value) ? state.value : state;
  return isObject(value) && isObject(value.bookmarks) ? (value.bookmarks as Bookmarks) : {};
}

/** Every input bookmark is still in the output: partitions by context (never moved back), other keys as they were. */
function expectNoStateLost(input: unknown, output: Record<string, unknown>): void {
  const after = bookmarksOf(output);
  for (const [stream, entry] of Object.entries(bookmarksOf(input))) {
    expect(after).toHaveProperty([stream]);
    const out = after[stream]!;
    for (const [key, value] of Object.entries(entry)) {
      if (key !== 'partitions' || !Array.isArray(value)) {
        expect({ stream, key, value: out[key] }).toEqual({ stream, key, value });
        continue;
      }
      for (const partition of value as Array<Record<string, unknown>>) {
        const match = (out.partitions as Array<Record<string, unknown>> | undefined)?.find(
          (p) => JSON.stringify(p.context) === JSON.stringify(partition.context),
        );
        expect({ stream, context: partition.context, found: match !== undefined }).toEqual({ stream, context: partition.context, found: true });
        const before = partition.replication_key_value;
        if (typeof before === 'number') expect(bookmarkSeconds(match!.replication_key_value)).toBeGreaterThanOrEqual(before);
      }
    }
  }
}

async function runCase(fixture: Fixture): Promise<void> {
  const dir = tempDir('tap-bad-input-');
  const stub: StubApi = await startStub(fixture.api ?? {});
  try {
    const args: string[] = [];
    const configPath = join(dir, 'config.json');
    let config: unknown;
    if (fixture.config_raw !== undefined) {
      writeFileSync(configPath, substitute(fixture.config_raw, stub.url) as string);
    } else if (!fixture.config_missing) {
      config = substitute(fixture.config ?? {}, stub.url);
      if (isObject(config)) config = { api_base_url: stub.url, auth_base_url: stub.url, analytics_history_days: E2E_ANALYTICS_HISTORY_DAYS, ...config };
      writeJson(dir, 'config.json', config);
    }
    args.push('--config', configPath);

    let state: unknown;
    if (fixture.state_raw !== undefined) {
      writeFileSync(join(dir, 'state.json'), fixture.state_raw);
      args.push('--state', join(dir, 'state.json'));
    } else if (fixture.state !== undefined) {
      state = fixture.state;
      args.push('--state', writeJson(dir, 'state.json', state));
    }
    if (fixture.catalog_raw !== undefined) {
      writeFileSync(join(dir, 'catalog.json'), fixture.catalog_raw);
      args.push('--catalog', join(dir, 'catalog.json'));
    } else if (fixture.catalog !== undefined) {
      args.push('--catalog', writeJson(dir, 'catalog.json', fixture.catalog));
    }
    args.push(...(fixture.args ?? []));

    const result = await runTap(args, { cwd: dir, timeoutMs: 30_000 });
    const { expect: want } = fixture;
    const context = `stderr:\n${result.stderr.slice(-3000)}`;

    // Exit code.
    expect({ exit: result.code, context }).toEqual({ exit: want.exit, context });

    // One clear line: it matches, at the expected level; a failure has exactly one CRITICAL line.
    const lines = result.stderr.split('\n').filter((line) => line.trim() !== '');
    const pattern = new RegExp(want.stderr);
    const level = want.level ?? defaultLevel(want.exit);
    const matching = lines.filter((line) => pattern.test(line));
    expect({ pattern: want.stderr, level, matched: matching.map(levelOf), context }).toEqual({
      pattern: want.stderr,
      level,
      matched: expect.arrayContaining([level]),
      context,
    });
    if (level === 'CRITICAL') expect(lines.filter((line) => levelOf(line) === 'CRITICAL')).toHaveLength(1);
    if (want.stderr_absent) expect(lines.filter((line) => new RegExp(want.stderr_absent!).test(line))).toEqual([]);

    // A stack trace only when asked for with --log-level debug, naming the TypeScript sources (the bundle's source
    // map), not the bundle.
    if (want.stack) {
      expect(result.stderr).toMatch(STACK_LINE);
      expect(result.stderr).toMatch(/^\s+at .*\bsrc\/[\w/-]+\.ts:\d+:\d+/m);
      expect(result.stderr).not.toMatch(/^\s+at .*dist\/bundle\//m);
    } else expect(result.stderr).not.toMatch(STACK_LINE);

    // Stdout: Singer messages only.
    const messages: SingerMessage[] = parseMessages(result.stdout);
    if (want.stdout_types) expect([...new Set(messages.map((m) => m.type))]).toEqual(want.stdout_types);

    // No secret on either stream.
    for (const secret of secretsOf(config)) {
      expect(result.stdout.includes(secret) ? `stdout holds ${secret}` : 'ok').toBe('ok');
      expect(result.stderr.includes(secret) ? `stderr holds ${secret}` : 'ok').toBe('ok');
    }

    // No state lost: the last STATE keeps every input bookmark.
    const states = messages.filter((m) => m.type === 'STATE');
    const last = states.at(-1)?.value;
    if (state !== undefined && last) expectNoStateLost(state, last);
    if (want.final_state_includes) {
      expect(last).toBeDefined();
      expect(last).toMatchObject(want.final_state_includes);
    }

    // Bad input is caught before any request; API cases check the routes they name.
    if (!fixture.api) expect(stub.requests.map((r) => `${r.method} ${r.path}`)).toEqual([]);
    for (const [route, count] of Object.entries(want.requests ?? {})) {
      expect({ route, count: stub.count(route) }).toEqual({ route, count });
    }
  } finally {
    await stub.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('bad input (built binary against a stub API)', () => {
  test('the corpus has at least 32 cases, each described', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(32);
    for (const { name, fixture } of fixtures) {
      expect({ name, description: typeof fixture.description }).toEqual({ name, description: 'string' });
      expect({ name, exit: typeof fixture.expect?.exit, stderr: typeof fixture.expect?.stderr }).toEqual({ name, exit: 'number', stderr: 'string' });
    }
  });

  // BAD_INPUT_KNOWN_BUGS=run runs known_bug cases as plain tests, to see exactly which assertion fails.
  const showKnownBugs = process.env.BAD_INPUT_KNOWN_BUGS === 'run';
  for (const { name, fixture } of fixtures) {
    const title = `${name.replace(/\.json$/, '')}: ${fixture.description}`;
    if (fixture.known_bug && !showKnownBugs) test.concurrent.failing(`${title} [known bug: ${fixture.known_bug}]`, () => runCase(fixture), 40_000);
    else test.concurrent(title, () => runCase(fixture), 40_000);
  }
});
