import { CONSENT_HOSTS, consentBase, consentUrl, isOurState, newState } from '../../../src/authorize/consent.js';
import { checkState, readRedirect } from '../../../src/authorize/redirect.js';
import { splitAuthorize } from '../../../src/commands/authorize-args.js';
import { TapError } from '../../../src/errors.js';
import { redact } from '../../../src/redact.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof TapError ? error.code : `not a TapError: ${String(error)}`;
  }
  return undefined;
}

describe('consent link', () => {
  test('global and US hosts, service_id and state in the query (§1)', () => {
    expect(consentUrl(consentBase('global')!, '7000000000000000001', 'abc.def')).toBe(
      'https://services.tiktokshop.com/open/authorize?service_id=7000000000000000001&state=abc.def',
    );
    // The newer authorization guide's US host; the older guide's host stays reachable by name.
    expect(consentBase('us')).toBe('https://services.tiktokshops.us');
    expect(consentBase('us-legacy')).toBe('https://services.us.tiktokshop.com');
    expect(consentBase('toString')).toBeUndefined();
    expect(CONSENT_HOSTS.global).toBe('https://services.tiktokshop.com');
    expect(consentUrl(consentBase('https://services.tiktokshops.us/')!, '1', 's')).toBe('https://services.tiktokshops.us/open/authorize?service_id=1&state=s');
    expect(consentBase('mars')).toBeUndefined();
  });

  test('a state is random and recognised only under the app secret that made it', () => {
    const a = newState('secret-one');
    expect(a).not.toBe(newState('secret-one'));
    expect(isOurState(a, 'secret-one')).toBe(true);
    expect(isOurState(a, 'secret-two')).toBe(false);
    const [nonce] = a.split('.');
    expect(isOurState(`${nonce}.AAAAAAAAAAAAAAAA`, 'secret-one')).toBe(false);
    expect(isOurState('no-dot', 'secret-one')).toBe(false);
  });
});

describe('reading the redirect', () => {
  test('a full redirect URL gives code and state; the code is masked in logs from then on', () => {
    const answer = readRedirect('  https://my.app/callback?code=ROW_abcdEFGH1234&state=n.t  ');
    expect(answer).toEqual({ code: 'ROW_abcdEFGH1234', state: 'n.t', fromUrl: true });
    expect(redact('got ROW_abcdEFGH1234')).toBe('got ***');
  });

  test('a bare query string and a bare code are accepted too', () => {
    expect(readRedirect('?code=XYZ123456&state=s')).toMatchObject({ code: 'XYZ123456', state: 's', fromUrl: true });
    expect(readRedirect('SBX_AUTH_abc123')).toEqual({ code: 'SBX_AUTH_abc123', state: undefined, fromUrl: false });
  });

  test('a URL without a code, an empty answer or words are refused', () => {
    expect(codeOf(() => readRedirect('https://my.app/callback?state=n.t'))).toBe('AUTH_NO_CODE');
    expect(codeOf(() => readRedirect('   '))).toBe('AUTH_NO_CODE');
    expect(codeOf(() => readRedirect('I clicked approve'))).toBe('AUTH_BAD_CODE');
  });
});

describe('a refused or ambiguous redirect', () => {
  test('a refused consent (error=, code=null) is the seller declining, and "null" never becomes a secret', () => {
    const refused = 'https://my.app/cb?code=null&error=auth_denied&state=n.t';
    let error: unknown;
    try {
      readRedirect(refused);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TapError);
    expect((error as TapError).code).toBe('AUTH_DENIED');
    expect((error as TapError).userLine()).toMatch(/the seller declined the authorization \(error=auth_denied\).*approve/);
    expect(codeOf(() => readRedirect('https://my.app/cb?code=null&state=n.t'))).toBe('AUTH_DENIED');
    expect(codeOf(() => readRedirect('https://my.app/cb?error=access_denied&state=n.t'))).toBe('AUTH_DENIED');
    expect(codeOf(() => readRedirect('https://my.app/cb?code=REALCODE123&error=whatever'))).toBe('AUTH_DENIED');
    expect(codeOf(() => readRedirect('null'))).toBe('AUTH_DENIED');
    // A hostile error value is not echoed.
    const hostile = codeOf(() => readRedirect('https://my.app/cb?code=null&error=%1B%5D0%3Bx%07'));
    expect(hostile).toBe('AUTH_DENIED');
    expect(redact('null and nullable')).toBe('null and nullable');
  });

  test('two different code parameters are refused instead of taking the first', () => {
    expect(codeOf(() => readRedirect('https://my.app/cb?code=FIRSTCODE1&code=SECONDCODE2&state=n.t'))).toBe('AUTH_BAD_URL');
    expect(codeOf(() => readRedirect('https://my.app/cb?code=FIRSTCODE1&auth_code=SECONDCODE2&state=n.t'))).toBe('AUTH_BAD_URL');
    // The same code twice is still one code.
    expect(readRedirect('https://my.app/cb?code=SAMECODE12&code=SAMECODE12&state=n.t').code).toBe('SAMECODE12');
  });
});

describe('state check', () => {
  const secret = 'app-secret-123';
  const ours = newState(secret);
  const url = (state?: string) => readRedirect(`https://my.app/cb?code=CODE123456${state === undefined ? '' : `&state=${encodeURIComponent(state)}`}`);

  test('with an expected state only that state passes', () => {
    expect(codeOf(() => checkState(url(ours), ours, secret))).toBeUndefined();
    expect(codeOf(() => checkState(url(newState(secret)), ours, secret))).toBe('AUTH_STATE_MISMATCH');
  });

  test('without one, the state must be one this app issued', () => {
    expect(codeOf(() => checkState(url(ours), undefined, secret))).toBeUndefined();
    expect(codeOf(() => checkState(url(newState('another-app-secret')), undefined, secret))).toBe('AUTH_STATE_MISMATCH');
    expect(codeOf(() => checkState(url(), undefined, secret))).toBe('AUTH_STATE_MISMATCH');
  });

  test('a bare code has no state to check', () => {
    expect(codeOf(() => checkState(readRedirect('CODE123456'), ours, secret))).toBeUndefined();
  });
});

describe('finding the authorize word', () => {
  test('Meltano puts its flags first; their values are not mistaken for the word', () => {
    expect(splitAuthorize(['--config', 'authorize', 'authorize', '--code', 'X'])).toEqual({ before: ['--config', 'authorize'], after: ['--code', 'X'] });
    expect(splitAuthorize(['--config', '/tmp/c.json', '--state', '/tmp/s.json', 'authorize', '--state', 'n.t'])).toEqual({
      before: ['--config', '/tmp/c.json', '--state', '/tmp/s.json'],
      after: ['--state', 'n.t'],
    });
    expect(splitAuthorize(['--config', 'c.json', '--discover'])).toBeUndefined();
  });
});
