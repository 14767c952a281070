/**
 * What an authentication failure's hint tells the user to do depends on where this run keeps its tokens and how it
 * is run: the fix for a wrong app secret is the secret, never the tokens; and a new grant goes where the tap reads
 * it — the token store when there is one (under Meltano there is one by default), else the config file.
 */
export interface TokenHome {
  /** `config`: tokens come from the config only; `file`: token_store_path (or Meltano's default file); `url`: token_store_url. */
  store: 'config' | 'file' | 'url';
  /** Run by Meltano (it passes MELTANO_PROJECT_ROOT to its plugins): settings are set with `meltano config`. */
  meltano: boolean;
}

export interface AuthHints {
  /** The grant itself is gone (refresh token refused, expired or rotated away; an access token rejected after a refresh). */
  reauthorize: string;
  /** The app's credentials were refused. */
  appSecret: string;
}

/** The deployment of a run with neither a store nor Meltano: tokens in the config file. */
export const CONFIG_HOME: TokenHome = { store: 'config', meltano: false };

export function authHints(home: TokenHome): AuthHints {
  const authorize = home.meltano ? 'meltano invoke tap-tiktok-shop authorize' : 'tap-tiktok-shop authorize --config <your config>';
  const where =
    home.store === 'config'
      ? home.meltano
        ? 'then set the new refresh_token with meltano config (or set token_store_path so the tap keeps it itself)'
        : 'it writes the new refresh_token to the config file'
      : `it saves the new grant to the token store (${home.store === 'url' ? 'token_store_url' : 'token_store_path'}), where the tap reads it; no token needs to go in the config`;
  const secret = home.meltano ? 'meltano config set tap-tiktok-shop app_secret <APP_SECRET> (3.x: meltano config tap-tiktok-shop set …)' : 'set app_secret in the config';
  return {
    reauthorize: `have the seller authorize the app again (${authorize}): ${where}`,
    appSecret: `app_secret is wrong or belongs to another app than app_key: copy it again from Partner Center (App & Service) and ${secret}; the tokens are fine and need no change`,
  };
}
