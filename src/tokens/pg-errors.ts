import { EXIT, TapError } from '../errors.js';

/**
 * Failures of the PostgreSQL token store as one line each, naming `token_store_url` and the fix. The message
 * shows the URL without its password (pg-url.ts); the driver's own text is kept for what it adds (the server's
 * reason) — it never contains the password, and the password is a registered secret besides.
 */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EPIPE']);

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

function storeError(message: string, hint: string, cause: unknown): TapError {
  // Every shop of the run shares the store: a failure of it stops the run.
  return new TapError('token_store_db', message, { hint, exitCode: EXIT.INPUT, cause, scope: 'run' });
}

/** What went wrong talking to the token store at `where` (a display URL), while doing `doing`. */
export function pgStoreError(error: unknown, where: string, doing: string): TapError {
  if (error instanceof TapError) return error;
  const code = codeOf(error);
  const message = messageOf(error);
  const head = `token store ${where} (token_store_url): ${doing} failed`;
  if ((code !== undefined && UNREACHABLE.has(code)) || /timeout|terminated unexpectedly|Connection terminated/i.test(message)) {
    return storeError(`${head}: cannot reach the PostgreSQL server (${code ?? message})`, 'start PostgreSQL there, or fix the host and port in token_store_url', error);
  }
  if (code === '28P01' || code === '28000') {
    return storeError(`${head}: the server refused the login (${message})`, 'fix the user and password in token_store_url (percent-encode special characters in the password)', error);
  }
  if (code === '3D000') {
    return storeError(`${head}: ${message}`, 'create that database (CREATE DATABASE … OWNER …), or fix the database name in token_store_url', error);
  }
  if (code === '42501') {
    return storeError(
      `${head}: ${message}`,
      'let the role of token_store_url create tables in its schema (GRANT CREATE ON SCHEMA public TO …), or have the table tap_tiktok_shop_grants created for it and granted SELECT, INSERT, UPDATE, DELETE',
      error,
    );
  }
  if (/ssl/i.test(message)) {
    return storeError(`${head}: ${message}`, 'set sslmode in token_store_url (?sslmode=require for a server that requires TLS, ?sslmode=disable for one without)', error);
  }
  return storeError(`${head}: ${code ? `PostgreSQL error ${code}: ` : ''}${message}`, 'check the database of token_store_url (run with --log-level debug for details)', error);
}
