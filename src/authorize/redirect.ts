import { TapError, EXIT } from '../errors.js';
import { registerSecret } from '../redact.js';
import { isOurState } from './consent.js';

/** What the seller brought back from the consent page: the redirect URL, or just its code. */
export interface RedirectAnswer {
  code: string;
  /** The `state` of a redirect URL; undefined for a bare code (nothing to check). */
  state: string | undefined;
  fromUrl: boolean;
}

const RETRY = 'run authorize again for a fresh consent link (codes are single-use and live 30 minutes)';

function looksLikeUrl(text: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(text) || text.startsWith('?') || /[?&](code|state|auth_code)=/.test(text);
}

/** The seller refused on the consent page: nothing to exchange, and nothing the tap can retry. */
function declined(error: string | null): TapError {
  // The error value comes from the browser's address bar: shown only when it is a plain word.
  const why = error !== null && /^[\w.-]{1,40}$/.test(error) ? ` (error=${error})` : '';
  return new TapError('AUTH_DENIED', `the seller declined the authorization${why}, so there is no code to exchange`, {
    hint: 'ask the seller to open the consent link again and approve the app',
    exitCode: EXIT.INPUT,
  });
}

/**
 * Reads either a full redirect URL (TikTok appends `code` and `state` to the app's redirect URL, §1) or a bare
 * code. The code is registered as a secret at once: it is a credential for 30 minutes and must not reach a log.
 */
export function readRedirect(input: string): RedirectAnswer {
  const text = input.trim();
  if (text === '') {
    throw new TapError('AUTH_NO_CODE', 'nothing was pasted', { hint: 'paste the whole address of the page TikTok sent the seller to (or just its code)', exitCode: EXIT.INPUT });
  }
  if (!looksLikeUrl(text)) {
    if (/\s/.test(text)) {
      throw new TapError('AUTH_BAD_CODE', 'that is neither a URL nor a code (it contains spaces)', { hint: 'paste the redirect URL or the value of its code parameter', exitCode: EXIT.INPUT });
    }
    if (text === 'null') throw declined(null);
    registerSecret(text);
    return { code: text, state: undefined, fromUrl: false };
  }
  let url: URL;
  try {
    url = new URL(text, 'https://redirect.invalid/');
  } catch {
    throw new TapError('AUTH_BAD_URL', 'the redirect URL cannot be parsed', { hint: 'paste the whole address from the browser, or pass the code with --code', exitCode: EXIT.INPUT });
  }
  const params = url.searchParams;
  // docs/tiktok-shop-api.md §1: a refusal comes back as `error=auth_denied&code=null`; "null" is no code to spend.
  if (params.has('error') || params.get('code') === 'null') throw declined(params.get('error'));
  // Some integrations see the code as auth_code; `code` is what the consent page appends (§1).
  const codes = [...params.getAll('code'), ...params.getAll('auth_code')];
  if (new Set(codes).size > 1) {
    throw new TapError('AUTH_BAD_URL', `the redirect URL carries ${codes.length} code parameters, so which one the seller got is unclear`, {
      hint: 'paste the address exactly as the browser shows it after approving, or pass the one code with --code',
      exitCode: EXIT.INPUT,
    });
  }
  const code = codes[0] ?? '';
  if (code === '') {
    throw new TapError('AUTH_NO_CODE', 'the redirect URL has no code parameter', {
      hint: `the seller may not have approved, or the URL was cut short: paste the whole address after approving, or ${RETRY}`,
      exitCode: EXIT.INPUT,
    });
  }
  registerSecret(code);
  return { code, state: params.get('state') ?? undefined, fromUrl: true };
}

/**
 * The state check for a redirect URL. `expected` is the state this run printed, or the one a script passed
 * with --state; without either, the state must at least be one that an `authorize` of this app issued.
 */
export function checkState(answer: RedirectAnswer, expected: string | undefined, appSecret: string): void {
  if (!answer.fromUrl) return;
  const got = answer.state;
  const mismatch = (why: string, hint = `this redirect does not belong to the consent link given (the code was not used); ${RETRY}, and paste the redirect of that link`): TapError =>
    new TapError('AUTH_STATE_MISMATCH', `state mismatch: ${why}`, { hint, exitCode: EXIT.INPUT });
  if (got === undefined || got === '') {
    throw mismatch('the redirect URL has no state parameter', 'if the seller used a link without state (e.g. from Partner Center), pass just the code with --code; otherwise paste the whole address');
  }
  if (expected !== undefined) {
    if (got !== expected) throw mismatch('the redirect URL carries another state than the consent link');
    return;
  }
  if (!isOurState(got, appSecret)) throw mismatch('the redirect URL carries a state that no authorize run of this app issued');
}
