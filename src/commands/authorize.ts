import type { LoadedConfig } from '../config.js';
import { EXIT, TapError } from '../errors.js';
import type { Logger } from '../log.js';
import { PACKAGE } from '../package-root.js';
import { CONSENT_HOST_NAMES, consentBase, consentUrl, newState } from '../authorize/consent.js';
import { exchangeAuthCode, type AuthorizedGrant } from '../authorize/exchange.js';
import { checkState, readRedirect, type RedirectAnswer } from '../authorize/redirect.js';
import { grantDestination, saveAuthorizedGrant } from '../authorize/save-grant.js';
import { reportGrant } from '../authorize/grant-report.js';
import { checkConnection } from '../tiktok/connection-check.js';
import { clientFromConfig } from './client.js';

/** What the user asked for (parsed by authorize-cli.ts). */
export interface AuthorizeRequest {
  sources: string[];
  code?: string;
  redirectUrl?: string;
  state?: string;
  consentHost: string;
  printUrl: boolean;
}

/** The outside world, injectable so tests can drive the prompt. */
export interface AuthorizeDeps {
  logger: Logger;
  isTTY: boolean;
  ask: (question: string) => Promise<string>;
  /** A human-facing line on stderr. */
  say: (line: string) => void;
  env: NodeJS.ProcessEnv;
}

const ME = PACKAGE.name;

function quoteArg(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

async function loadForAuthorize(sources: string[]): Promise<LoadedConfig> {
  if (sources.length === 0) {
    throw new TapError('CONFIG_MISSING', 'no --config given', { hint: `pass --config config.json holding app_key, app_secret and service_id (see ${ME} --about)` });
  }
  const { loadRawConfig, validateConfig } = await import('../config.js');
  const { raw, origins } = loadRawConfig(sources);
  const config = validateConfig(raw, { requireCredentials: false });
  const missing = (['app_key', 'app_secret'] as const).filter((key) => config[key] === undefined);
  if (missing.length) {
    throw new TapError('CONFIG_INVALID', `invalid config: missing ${missing.map((k) => `"${k}"`).join(' and ')}`, {
      hint: 'copy them from your app in TikTok Shop Partner Center',
    });
  }
  return { config, origins };
}

function printConsentLink(link: string, say: (line: string) => void): void {
  say('Have the seller open this link, log in to TikTok Shop and approve the app:');
  say('');
  say(`  ${link}`);
  say('');
  say('TikTok then sends the browser to the redirect URL set in Partner Center; its address carries the code (valid 30 minutes, single-use).');
}

function isoOrUnknown(seconds: number | undefined): string {
  return seconds ? new Date(seconds * 1000).toISOString().replace('.000Z', 'Z') : 'an unknown time';
}

function describeGrant(grant: AuthorizedGrant): string {
  const who = grant.sellerName ? `seller "${grant.sellerName}"${grant.sellerBaseRegion ? ` (${grant.sellerBaseRegion})` : ''}` : 'the seller';
  return `authorized ${who}: access token valid until ${isoOrUnknown(grant.accessTokenExpireIn)}, refresh token until ${isoOrUnknown(grant.refreshTokenExpireIn)}`;
}

/** `tap-tiktok-shop authorize`: consent link → redirect → tokens saved → shops listed → next command. */
export async function authorize(request: AuthorizeRequest, deps: AuthorizeDeps): Promise<number> {
  const { logger, say } = deps;
  const loaded = await loadForAuthorize(request.sources);
  // Per-request METRIC lines would bury the few lines a person reads here.
  logger.configure({ metrics: false });
  const appKey = loaded.config.app_key!;
  const appSecret = loaded.config.app_secret!;
  // Checked before anything is spent: a code exchanged with nowhere to keep the tokens is a code lost.
  const destination = await grantDestination(loaded, request.sources, deps.env);
  // Under Meltano the config is its temporary copy: the command to repeat is meltano's, not ours.
  const underMeltano = deps.env.MELTANO_PROJECT_ROOT !== undefined;
  const rerun = underMeltano
    ? 'meltano invoke tap-tiktok-shop authorize'
    : `${ME} authorize ${request.sources.map((source) => `--config ${quoteArg(source)}`).join(' ')}`;

  let answer: RedirectAnswer;
  let expectedState = request.state;
  const given = request.redirectUrl ?? request.code;
  if (given !== undefined) {
    answer = readRedirect(given);
    if (request.state !== undefined && !answer.fromUrl) logger.warn('--state is not checked for a bare code: pass the whole redirect URL with --redirect-url to have it checked');
  } else {
    const base = consentBase(request.consentHost);
    if (base === undefined) {
      throw new TapError('AUTH_BAD_HOST', `--consent-host must be one of ${CONSENT_HOST_NAMES} or an http(s) URL (got ${JSON.stringify(request.consentHost)})`, { hint: 'use --consent-host us for an app of the US Partner Center' });
    }
    const serviceId = loaded.config.service_id;
    if (serviceId === undefined) {
      throw new TapError('CONFIG_INVALID', 'invalid config: missing "service_id", which the consent link needs', {
        hint: 'copy the service id from Partner Center (App & Service page; it is not the app key), or pass a code you already have with --code',
      });
    }
    expectedState ??= newState(appSecret);
    printConsentLink(consentUrl(base, serviceId, expectedState), say);
    if (request.printUrl) {
      say(`When the seller has approved, run: ${rerun} --redirect-url '<the address they were sent to>'`);
      return EXIT.OK;
    }
    if (!deps.isTTY) {
      throw new TapError('AUTH_NO_TTY', 'no code to exchange: stdin is not a terminal, so authorize cannot ask for the redirect', {
        hint: `after the seller approves, run ${rerun} --redirect-url '<the address they were sent to>' (or --code CODE)`,
      });
    }
    answer = readRedirect(await deps.ask('Paste the address the seller was sent to (or just the code), then Enter: '));
  }
  checkState(answer, expectedState, appSecret);

  const grant = await exchangeAuthCode({
    appKey,
    appSecret,
    authBaseUrl: loaded.config.auth_base_url,
    code: answer.code,
    requestTimeoutMs: loaded.config.request_timeout * 1000,
    maxRetries: Math.min(loaded.config.max_retries, 3),
    userAgent: loaded.config.user_agent ?? `${PACKAGE.name}/${PACKAGE.version}`,
    logger,
  });
  const where = await saveAuthorizedGrant(loaded, destination, grant, logger);
  say(describeGrant(grant));
  say(`tokens saved to ${where}`);
  reportGrant(grant, say, logger);

  const results = await checkConnection(await clientFromConfig(loaded, logger), loaded.config.shop_ids ? { shopIds: loaded.config.shop_ids } : {});
  const reachable = results.filter((r) => r.ok).length;
  say(`the grant reaches ${reachable} shop(s):`);
  for (const result of results) say(result.ok ? `  ${result.message}` : `  FAILED: ${result.message}`);
  const next = underMeltano
    ? 'meltano run tap-tiktok-shop <your loader>'
    : `${ME} ${request.sources.map((source) => `--config ${quoteArg(source)}`).join(' ')} > out.jsonl   (or pipe it into a Singer target)`;
  say(`next: ${next}`);
  return results.length > 0 && results.every((r) => r.ok) ? EXIT.OK : EXIT.API;
}
