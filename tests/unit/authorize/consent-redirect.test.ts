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
    expect(consentBase('us')).toBe(CONSENT_HOSTS.us);
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
    expect(codeOf(() => readRedirect('https://my.app/callback?state=n.t&error=access_denied'))).toBe('AUTH_NO_CODE');
    expect(codeOf(() => readRedirect('   '))).toBe('AUTH_NO_CODE');
    expect(codeOf(() => readRedirect('I clicked approve'))).toBe('AUTH_BAD_CODE');
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
