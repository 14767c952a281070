import { accessSync, chmodSync, constants, readFileSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import type { LoadedConfig } from '../config.js';
import { EXIT, TapError } from '../errors.js';
import type { Logger } from '../log.js';
import { writeFileAtomic } from '../token-writeback.js';
import type { AuthorizedGrant } from './exchange.js';

/**
 * Where `authorize` keeps the grant: the one place that knows it. For now the config file the tokens will be
 * read from (the token store of issue 12 replaces this); checked before the single-use code is spent.
 */
export interface GrantDestination {
  path: string;
}

function refuse(message: string, hint: string): TapError {
  return new TapError('AUTH_NOWHERE_TO_SAVE', message, { hint, exitCode: EXIT.INPUT });
}

/** Meltano hands plugins a temporary copy of their config under .meltano/run/, deleted after the run. */
function isMeltanoCopy(path: string): boolean {
  return resolve(path).split(sep).join('/').includes('/.meltano/run/');
}

export function grantDestination(loaded: LoadedConfig, sources: readonly string[]): GrantDestination {
  const tokenOrigin = loaded.origins.refresh_token ?? loaded.origins.access_token;
  if (tokenOrigin?.kind === 'env') {
    throw refuse(
      'a token is set in the environment (TAP_TIKTOK_SHOP_REFRESH_TOKEN or _ACCESS_TOKEN), and it would win over what authorize writes',
      'unset it, or put the new tokens in your secret store yourself',
    );
  }
  const files = sources.filter((source) => source !== 'ENV');
  const path = tokenOrigin?.kind === 'file' ? tokenOrigin.path : loaded.origins.app_key?.kind === 'file' ? loaded.origins.app_key.path : files.at(-1);
  if (path === undefined) {
    throw refuse('the config comes only from the environment, so there is no file to write the tokens to', 'pass --config FILE as well (a file holding {} will do): the tokens are written there');
  }
  if (isMeltanoCopy(path)) {
    throw refuse(
      `the config file ${path} is Meltano's temporary copy, deleted after this run, so the tokens would be lost`,
      'run authorize outside Meltano with --config FILE (app_key, app_secret, service_id), then copy the refresh_token it wrote into Meltano: `meltano config set tap-tiktok-shop refresh_token …` (Meltano 3: `meltano config tap-tiktok-shop set refresh_token …`)',
    );
  }
  try {
    // The temp file of the atomic write goes beside it, so the folder must be writable too.
    accessSync(path, constants.R_OK | constants.W_OK);
    accessSync(dirname(path), constants.W_OK);
  } catch {
    throw refuse(`config file ${path} or its folder is not writable, so the tokens could not be saved`, 'make both writable, or pass another file with --config');
  }
  return { path };
}

/**
 * Writes the grant where the next sync reads it: atomically, mode 0600 (it now holds tokens), every other key
 * kept. Updates `loaded` too, so the shop check that follows uses the new tokens and writes rotations there.
 * Returns where it wrote, for the user.
 */
export function saveAuthorizedGrant(loaded: LoadedConfig, destination: GrantDestination, grant: AuthorizedGrant, logger: Logger): string {
  const { path } = destination;
  try {
    const current = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    current.access_token = grant.accessToken;
    current.access_token_expire_in = grant.accessTokenExpireIn;
    current.refresh_token = grant.refreshToken;
    chmodSync(path, 0o600);
    writeFileAtomic(path, `${JSON.stringify(current, null, 2)}\n`);
  } catch (error) {
    // Checked writable beforehand, so this is rare (disk full, the file changed meanwhile); the code is spent.
    throw new TapError('AUTH_SAVE_FAILED', `the seller authorized the app, but the tokens could not be written to ${path} (${(error as Error).message})`, {
      hint: 'fix that, then run authorize again with a fresh consent link (the code is used up)',
      exitCode: EXIT.INPUT,
    });
  }
  loaded.config.access_token = grant.accessToken;
  loaded.config.access_token_expire_in = grant.accessTokenExpireIn;
  loaded.config.refresh_token = grant.refreshToken;
  for (const key of ['access_token', 'access_token_expire_in', 'refresh_token'] as const) loaded.origins[key] = { kind: 'file', path };
  logger.debug(`grant written to ${path}`);
  return `config file ${path} (mode 0600)`;
}
