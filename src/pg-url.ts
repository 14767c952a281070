/**
 * The `token_store_url` setting: a PostgreSQL URL. Accepts what people paste: `postgresql://`, `postgres://`, and
 * SQLAlchemy's `postgresql+psycopg://` form (the one Meltano's own `database_uri` uses), which names a Python
 * driver that means nothing here and is dropped.
 */
export interface PgUrl {
  /** The URL as `pg` takes it. */
  connectionString: string;
  /** The URL for messages: user, host, port and database, never the password or the query. */
  display: string;
  /** Registered as a secret by the caller, so no message can carry it. */
  password: string | undefined;
}

const SCHEME = /^(postgres|postgresql)(\+[a-z0-9_]+)?:\/\//i;

/** The parsed URL, or a description of what is wrong with it (never quoting it: it may hold a password). */
export function parsePgUrl(value: string): PgUrl | { problem: string } {
  const expected = 'expected postgresql://USER:PASSWORD@HOST:5432/DATABASE';
  if (!SCHEME.test(value)) return { problem: `is not a PostgreSQL URL (${expected})` };
  const connectionString = value.replace(SCHEME, 'postgresql://');
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    return { problem: `is not a valid URL (${expected}; percent-encode special characters in the password, e.g. @ as %40)` };
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (database.includes('/')) return { problem: `names the database with a "/" in it (${expected})` };
  const host = url.hostname || url.searchParams.get('host') || 'localhost';
  const user = url.username ? `${decodeURIComponent(url.username)}@` : '';
  const display = `postgresql://${user}${host}${url.port ? `:${url.port}` : ''}/${database}`;
  const password = url.password ? decodeURIComponent(url.password) : (url.searchParams.get('password') ?? undefined);
  return { connectionString, display, password };
}
