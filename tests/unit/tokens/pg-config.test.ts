import { redactConfig, validateConfig } from '../../../src/config.js';
import { TapError } from '../../../src/errors.js';
import { forgetSecrets, redact } from '../../../src/redact.js';

const BASE = { app_key: 'k', app_secret: 'app-secret-1' };
const URL_WITH_PASSWORD = 'postgresql://tap:db-password-42@db.internal:5432/tokens';

function problem(raw: Record<string, unknown>): string {
  try {
    validateConfig(raw, { requireCredentials: true });
  } catch (error) {
    return (error as TapError).userLine();
  }
  return '';
}

describe('token_store_url in the config', () => {
  afterEach(() => forgetSecrets());

  test('is a token store: no refresh_token needed in the config', () => {
    expect(problem({ ...BASE, token_store_url: URL_WITH_PASSWORD })).toBe('');
    expect(problem(BASE)).toMatch(/missing "refresh_token"/);
  });

  test('its password is a secret from validation on: masked in any later line, and the whole value in printed config', () => {
    validateConfig({ ...BASE, token_store_url: URL_WITH_PASSWORD }, { requireCredentials: true });
    expect(redact('connecting with db-password-42 failed')).toBe('connecting with *** failed');
    expect(redactConfig({ ...BASE, token_store_url: URL_WITH_PASSWORD }).token_store_url).toBe('***');
  });

  test('not a PostgreSQL URL: one problem naming the setting and the expected form, without the value', () => {
    const line = problem({ ...BASE, token_store_url: 'mysql://tap:db-password-42@h/db' });
    expect(line).toMatch(/"token_store_url" is not a PostgreSQL URL \(expected postgresql:\/\/USER:PASSWORD@HOST:5432\/DATABASE\)/);
    expect(line).not.toContain('db-password-42');
  });

  test('together with token_store_path: refused, one store only', () => {
    expect(problem({ ...BASE, token_store_url: URL_WITH_PASSWORD, token_store_path: '/t.json' })).toMatch(/"token_store_path" and "token_store_url" are both set/);
  });
});
