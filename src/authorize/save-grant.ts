import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { LoadedConfig } from '../config.js';
import { EXIT, TapError } from '../errors.js';
import type { Logger } from '../log.js';
import { FileGrantStore } from '../tokens/file-grant-store.js';
import type { GrantStore } from '../tokens/grant-store.js';
import { openGrantStore } from '../tokens/open-store.js';
import { realStorePath } from '../tokens/real-path.js';
import { recordGrant } from '../tokens/record-grant.js';
import { isMeltanoRunCopy, writeBackProblem, writeFileAtomic } from '../tokens/write-back.js';
import type { AuthorizedGrant } from './exchange.js';

/**
 * Where `authorize` keeps the grant: the one place that knows it. The token store when there is one (the
 * PostgreSQL one of `token_store_url`, the file of `token_store_path`, or the file by default under Meltano), which
 * the next sync reads first — a config with no token starts from the app's one grant there; and the config file
 * too when it is a file the tap may keep (not Meltano's temporary copy). Checked before the single-use code is
 * spent. The grant is keyed by seller (open_id), so authorizing one seller leaves the others' grants as they are.
 */
export interface GrantDestination {
  store: GrantStore | undefined;
  configPath: string | undefined;
}

function refuse(message: string, hint: string): TapError {
  return new TapError('AUTH_NOWHERE_TO_SAVE', message, { hint, exitCode: EXIT.INPUT });
}

export async function grantDestination(
  loaded: LoadedConfig,
  sources: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): Promise<GrantDestination> {
  const tokenOrigin = loaded.origins.refresh_token ?? loaded.origins.access_token;
  if (tokenOrigin?.kind === 'env') {
    throw refuse(
      'a token is set in the environment (TAP_TIKTOK_SHOP_REFRESH_TOKEN or _ACCESS_TOKEN), and it would win over what authorize writes',
      'unset it, or put the new tokens in your secret store yourself',
    );
  }
  const files = sources.filter((source) => source !== 'ENV');
  const file = tokenOrigin?.kind === 'file' ? tokenOrigin.path : loaded.origins.app_key?.kind === 'file' ? loaded.origins.app_key.path : files.at(-1);
  const store = openGrantStore(loaded.config, env, cwd)?.store;
  if (store) {
    // A corrupt file or an unreachable database is reported now, not after the code is spent.
    await store.read(loaded.config.app_key ?? '');
    const problem = store instanceof FileGrantStore ? storeWriteProblem(store.path) : undefined;
    if (problem) {
      throw refuse(`the token store ${store.where} cannot be written (${problem}), so the tokens could not be saved`, 'make its directory writable, or set token_store_path to a writable place');
    }
    const usable = file !== undefined && !isMeltanoRunCopy(file) && writeBackProblem(file) === undefined;
    return { store, configPath: usable ? file : undefined };
  }
  if (file === undefined) {
    throw refuse('the config comes only from the environment, so there is no file to write the tokens to', 'pass --config FILE as well (a file holding {} will do), or set token_store_path');
  }
  if (isMeltanoRunCopy(file)) {
    throw refuse(
      `the config file ${file} is Meltano's temporary copy, deleted after this run, so the tokens would be lost`,
      'set token_store_path (or run under `meltano invoke`, which gives the tap a token store by default)',
    );
  }
  const problem = writeBackProblem(file);
  if (problem) throw refuse(`${problem}, so the tokens could not be saved`, 'make it writable, pass another file with --config, or set token_store_path');
  return { store: undefined, configPath: file };
}

/**
 * Whether the store's file and its lock beside it can be created: probed by creating a file in the directory, since
 * access() says yes to root on a read-only directory. The atomic write and the lock need nothing more. Probed in
 * the directory of the real path, where the lock and the temp files go (real-path.ts), not that of a symlink.
 */
function storeWriteProblem(storePath: string): string | undefined {
  const path = realStorePath(storePath);
  const probe = join(dirname(path), `.${basename(path)}.authorize-probe-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    closeSync(openSync(probe, 'wx', 0o600));
    unlinkSync(probe);
    return undefined;
  } catch (error) {
    return `${(error as NodeJS.ErrnoException).code ?? (error as Error).message} creating a file in ${dirname(path)}`;
  }
}

function saveFailed(where: string, error: unknown): TapError {
  // Checked beforehand, so this is rare (disk full, the file changed meanwhile); the code is spent.
  return new TapError('AUTH_SAVE_FAILED', `the seller authorized the app, but the tokens could not be written to ${where} (${(error as Error).message})`, {
    hint: 'fix that, then run authorize again with a fresh consent link (the code is used up)',
    exitCode: EXIT.INPUT,
  });
}

/**
 * Writes the grant where the next sync reads it: into the token store (under its lock, keyed by app and seller),
 * and into the config file (atomically, mode 0600, every other key kept). Updates `loaded` too, so the shop
 * check that follows uses the new tokens. Returns where it wrote, for the user.
 */
export async function saveAuthorizedGrant(loaded: LoadedConfig, destination: GrantDestination, grant: AuthorizedGrant, logger: Logger): Promise<string> {
  const places: string[] = [];
  const previousRefresh = loaded.config.refresh_token;
  if (destination.store) {
    const where = `the token store ${destination.store.where}`;
    const tokens = {
      accessToken: grant.accessToken,
      accessTokenExpireIn: grant.accessTokenExpireIn,
      refreshToken: grant.refreshToken,
      ...(grant.refreshTokenExpireIn !== undefined ? { refreshTokenExpireIn: grant.refreshTokenExpireIn } : {}),
      ...(grant.openId !== undefined ? { openId: grant.openId } : {}),
      ...(grant.sellerName !== undefined ? { sellerName: grant.sellerName } : {}),
    };
    try {
      // The config's old refresh token is recorded as older, so a config not updated still starts from this grant.
      await recordGrant(destination.store, loaded.config.app_key!, tokens, previousRefresh ? { configRefreshToken: previousRefresh } : {});
      places.push(where);
    } catch (error) {
      // The code is spent: a config file that can take the tokens still saves the grant.
      if (!destination.configPath) throw saveFailed(where, error);
      logger.warn(`${where} could not be written (${(error as Error).message}): the tokens go into the config file ${destination.configPath} only (the next sync reads them from there); fix the store`);
    }
  }
  if (destination.configPath) {
    const path = destination.configPath;
    try {
      const current = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
      current.access_token = grant.accessToken;
      current.access_token_expire_in = grant.accessTokenExpireIn;
      current.refresh_token = grant.refreshToken;
      writeFileAtomic(path, `${JSON.stringify(current, null, 2)}\n`, { mode: 0o600, forceMode: true });
    } catch (error) {
      throw saveFailed(path, error);
    }
    for (const key of ['access_token', 'access_token_expire_in', 'refresh_token'] as const) loaded.origins[key] = { kind: 'file', path };
    places.push(`config file ${path} (mode 0600)`);
  }
  loaded.config.access_token = grant.accessToken;
  loaded.config.access_token_expire_in = grant.accessTokenExpireIn;
  loaded.config.refresh_token = grant.refreshToken;
  logger.debug(`grant written to ${places.join(' and ')}`);
  return places.join(' and ');
}
