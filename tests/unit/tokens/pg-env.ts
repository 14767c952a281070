import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * The real PostgreSQL the token store tests run against: TAP_TEST_PG_URL, as `.ci/postgres.sh` prints it. Without
 * it the tests are skipped with a message, except in CI (CI=true), where a missing database is a failure: the
 * tests that show the store works must not pass by not running.
 */
export const PG_URL = process.env.TAP_TEST_PG_URL || undefined;
const MISSING = 'TAP_TEST_PG_URL is not set: start PostgreSQL with `export TAP_TEST_PG_URL="$(.ci/postgres.sh)"`';

export function describeWithPg(name: string, fn: () => void): void {
  if (PG_URL || process.env.CI === 'true') {
    describe(name, () => {
      if (!PG_URL) test('PostgreSQL is available', () => expect(MISSING).toBe('')); // fails in CI, saying why
      else fn();
    });
    return;
  }
  console.warn(`skipped "${name}": ${MISSING}`);
  describe.skip(`${name} (skipped: ${MISSING})`, fn);
}

/** The test password from the URL: the tests check it is never printed. */
export const pgPassword = (): string => decodeURIComponent(new URL(PG_URL!).password);

/**
 * A schema of its own for one test file, so tests running at once (and the runs of CI on two Node versions) never
 * see each other's grants, and "the tap creates the table" starts from a schema without it. The URL sets the
 * search_path through libpq's `options` parameter, which the tap passes on untouched.
 */
export async function freshSchema(prefix: string): Promise<{ url: string; schema: string; drop: () => Promise<void> }> {
  const schema = `${prefix}_${randomBytes(5).toString('hex')}`;
  await sql(`CREATE SCHEMA ${schema}`);
  const url = new URL(PG_URL!);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return { url: url.toString(), schema, drop: () => sql(`DROP SCHEMA ${schema} CASCADE`).then(() => undefined) };
}

/** One statement on its own connection (as another process would). */
export async function sql<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, params: unknown[] = [], url = PG_URL!): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text, params)).rows;
  } finally {
    await client.end();
  }
}
