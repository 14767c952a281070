import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../token-writeback.js';

/**
 * Under Meltano the config the tap gets is rebuilt for every run from `meltano.yml` and the project's `.env`, where
 * `meltano config set` keeps secrets; the token store keeps what a refresh rotates, and takes a refresh token
 * newly put in `.env` as a re-authorization. So after `meltano invoke tap-tiktok-shop authorize`, the new refresh
 * token goes where `meltano config set … refresh_token` would put it. Meltano names the variable after the plugin
 * (`MELTANO_EXTRACTOR_NAME`, e.g. TAP_TIKTOK_SHOP_REFRESH_TOKEN for tap-tiktok-shop).
 */
export interface MeltanoEnvTarget {
  path: string;
  variable: string;
}

export function meltanoEnvTarget(env: NodeJS.ProcessEnv): MeltanoEnvTarget | undefined {
  const root = env.MELTANO_PROJECT_ROOT;
  if (!root) return undefined;
  const plugin = env.MELTANO_EXTRACTOR_NAME || 'tap-tiktok-shop';
  return { path: join(root, '.env'), variable: `${plugin.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_REFRESH_TOKEN` };
}

/** Why `.env` cannot be updated, checked before the code is spent. */
export function meltanoEnvProblem(target: MeltanoEnvTarget): string | undefined {
  try {
    accessSync(existsSync(target.path) ? target.path : join(target.path, '..'), constants.W_OK);
    return undefined;
  } catch (error) {
    return `${target.path} is not writable (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
}

/** Sets one variable in `.env`, keeping every other line; atomically; a new file is 0600. */
export function setMeltanoEnv(target: MeltanoEnvTarget, value: string): void {
  if (!/^[\w.~+/=-]+$/.test(value)) throw new Error('the refresh token has characters a .env line cannot hold unquoted');
  const lines = existsSync(target.path) ? readFileSync(target.path, 'utf8').split('\n') : [];
  if (lines.at(-1) === '') lines.pop();
  const assignment = new RegExp(`^\\s*(export\\s+)?${target.variable}\\s*=`);
  // The value is a token (letters, digits, _ and -): single quotes, as python-dotenv (Meltano) writes them.
  const line = `${target.variable}='${value}'`;
  const at = lines.findIndex((l) => assignment.test(l));
  if (at >= 0) lines[at] = line;
  else lines.push(line);
  writeFileAtomic(target.path, `${lines.join('\n')}\n`, { mode: 0o600 });
}
