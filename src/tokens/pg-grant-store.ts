import { createRequire } from 'node:module';
import type { Client, ClientConfig } from 'pg';
import { EXIT, TapError } from '../errors.js';
import { registerSecret } from '../redact.js';
import type { GrantStore, LockedGrants, StoreLockOptions } from './grant-store.js';
import { pgStoreError } from './pg-errors.js';
import {
  CREATE_LOCK_SQL,
  CREATE_TABLE_SQL,
  DELETE_GRANTS_SQL,
  INSERT_GRANT_SQL,
  SELECT_GRANTS_SQL,
  TABLE_EXISTS_SQL,
  TRY_LOCK_SQL,
  grantToParams,
  rowToGrant,
  type GrantRow,
} from './pg-rows.js';
import type { PgUrl } from '../pg-url.js';
import { emptyStore, type StoreFile } from './store.js';

/** `pg` is loaded only when a run uses this store, from node_modules (it stays out of the bundle: scripts/bundle.mjs). */
let pgModule: typeof import('pg') | undefined;
const loadPg = (): typeof import('pg') => (pgModule ??= createRequire(import.meta.url)('pg') as typeof import('pg'));

const DEFAULT_WAIT_MS = 10 * 60_000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface PgStoreOptions {
  /** How long a connection attempt may take, ms. */
  connectTimeoutMs?: number;
}

/**
 * The token store in a PostgreSQL table (pg-rows.ts), for taps on machines that share no disk: ephemeral
 * containers, shards on several hosts. Each operation opens its own connection and closes it at the end, so a run
 * never keeps one open (nothing to close on exit, nothing that keeps Node alive) and a process that dies drops
 * its connection, which ends its transaction and frees its lock: the server does the cleanup a lock file needs
 * heartbeats for.
 */
export class PgGrantStore implements GrantStore {
  private tableReady: Promise<void> | undefined;

  constructor(
    private readonly url: PgUrl,
    private readonly options: PgStoreOptions = {},
  ) {
    registerSecret(url.password);
    registerSecret(url.connectionString);
  }

  get where(): string {
    return this.url.display;
  }

  async read(appKey: string): Promise<StoreFile> {
    return this.session('reading the grants', (client) => guard(this.where, 'reading the grants', () => readGrants(client, appKey)));
  }

  async locked<T>(appKey: string, fn: (store: LockedGrants) => Promise<T>, options: StoreLockOptions = {}): Promise<T> {
    return this.session('locking the grants', async (client) => {
      await guard(this.where, 'starting a transaction', () => client.query('BEGIN'));
      let open = true;
      try {
        await guard(this.where, 'taking the lock', () => this.waitForLock(client, appKey, options));
        const result = await fn({
          read: () => guard(this.where, 'reading the grants', () => readGrants(client, appKey)),
          write: (store) =>
            guard(this.where, 'saving the refreshed tokens', async () => {
              if (!open) throw new Error('the lock was already released by an earlier write');
              await client.query(DELETE_GRANTS_SQL, [appKey]);
              for (const grant of store.grants.filter((g) => g.app_key === appKey)) await client.query(INSERT_GRANT_SQL, grantToParams(grant));
              // Committed here, before the caller uses the new tokens: they are durable, and the lock is freed.
              await client.query('COMMIT');
              open = false;
            }),
        });
        if (open) await guard(this.where, 'ending the transaction', () => client.query('COMMIT'));
        open = false;
        return result;
      } finally {
        if (open) await client.query('ROLLBACK').catch(() => undefined);
      }
    });
  }

  /**
   * Tries the lock rather than waiting in the server: this way a waiting process can say once why it waits, and
   * gives up after `waitMs` (a holder whose process hangs keeps its connection, and so its lock).
   */
  private async waitForLock(client: Client, appKey: string, options: StoreLockOptions): Promise<void> {
    const waitMs = options.waitMs ?? DEFAULT_WAIT_MS;
    const started = Date.now();
    let told = false;
    let pause = 25;
    for (;;) {
      const { rows } = await client.query<{ locked: boolean }>(TRY_LOCK_SQL, [appKey]);
      if (rows[0]?.locked) return;
      if (Date.now() - started >= waitMs) {
        throw new TapError('token_store_locked', `gave up after ${Math.ceil(waitMs / 1000)} s waiting for another tap process to finish refreshing the tokens in the token store ${this.where}`, {
          hint: 'see which session holds the advisory lock (SELECT * FROM pg_locks WHERE locktype = \'advisory\'), and end it if no tap-tiktok-shop process is running',
          exitCode: EXIT.INPUT,
          scope: 'run',
        });
      }
      if (!told) {
        told = true;
        options.onWait?.(undefined);
      }
      await sleep(pause);
      pause = Math.min(pause * 2, 500);
    }
  }

  /**
   * One connection for `fn`, always closed; the table is created first if missing. Errors of `fn` pass through
   * as they are (a refused refresh is the API's error, not the store's): its database calls wrap their own.
   */
  private async session<T>(doing: string, fn: (client: Client) => Promise<T>): Promise<T> {
    const client = await this.connect(doing);
    try {
      await (this.tableReady ??= ensureTable(client).catch((error: unknown) => {
        this.tableReady = undefined;
        throw pgStoreError(error, this.where, 'creating the table');
      }));
      return await fn(client);
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  private async connect(doing: string): Promise<Client> {
    const { Client } = loadPg();
    const config: ClientConfig = {
      connectionString: this.url.connectionString,
      connectionTimeoutMillis: this.options.connectTimeoutMs ?? 15_000,
      application_name: 'tap-tiktok-shop',
      // A statement never waits long (locks are tried, not awaited); a server that stops answering is an error.
      statement_timeout: 60_000,
      query_timeout: 90_000,
      // A holder that hangs while refreshing loses its transaction and its lock after this; a refresh, even
      // retried with back-off, is done long before.
      idle_in_transaction_session_timeout: 15 * 60_000,
    };
    const client = new Client(config);
    // A connection the server drops between queries emits 'error'; the next query reports it.
    client.on('error', () => undefined);
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => undefined);
      throw pgStoreError(error, this.where, doing);
    }
    return client;
  }
}

async function guard<T>(where: string, doing: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw pgStoreError(error, where, doing);
  }
}

async function readGrants(client: Client, appKey: string): Promise<StoreFile> {
  const { rows } = await client.query<GrantRow>(SELECT_GRANTS_SQL, [appKey]);
  const grants = rows.map(rowToGrant);
  for (const grant of grants) {
    registerSecret(grant.access_token);
    registerSecret(grant.refresh_token);
  }
  return { ...emptyStore(), grants };
}

/** Creates the table if missing; a table created beforehand (by a DBA) needs no CREATE privilege. */
async function ensureTable(client: Client): Promise<void> {
  const { rows } = await client.query<{ present: boolean }>(TABLE_EXISTS_SQL);
  if (rows[0]?.present) return;
  await client.query('BEGIN');
  try {
    await client.query(CREATE_LOCK_SQL);
    for (const sql of CREATE_TABLE_SQL) await client.query(sql);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
