import { join, resolve } from 'node:path';
import type { TapConfig } from '../settings.js';

export interface StoreLocation {
  path: string;
  /** Whether the setting named it or Meltano's environment implied it. */
  source: 'setting' | 'meltano';
}

/**
 * Where the token store lives: `token_store_path` if set; else, under Meltano (which passes MELTANO_PROJECT_ROOT
 * and MELTANO_SYS_DIR_ROOT to its plugins: meltano/meltano src/meltano/core/project.py, `Project.env`), a file in
 * the project's `.meltano` directory — beside, not inside, `run/`, whose per-run config copies Meltano deletes.
 * Otherwise there is none, and rotated tokens go back into the config file only.
 */
export function tokenStoreLocation(config: Pick<TapConfig, 'token_store_path'>, env: NodeJS.ProcessEnv, cwd: string): StoreLocation | undefined {
  if (config.token_store_path) return { path: resolve(cwd, config.token_store_path), source: 'setting' };
  const sysDir = env.MELTANO_SYS_DIR_ROOT || (env.MELTANO_PROJECT_ROOT ? join(env.MELTANO_PROJECT_ROOT, '.meltano') : undefined);
  if (sysDir) return { path: resolve(cwd, sysDir, 'tap-tiktok-shop', 'tokens.json'), source: 'meltano' };
  return undefined;
}
