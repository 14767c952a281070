import { parsePgUrl } from '../../../src/pg-url.js';

describe('token_store_url parsing', () => {
  test('a postgresql:// URL: shown without its password or query, the password returned decoded', () => {
    const url = parsePgUrl('postgresql://tap:p%40ss-word@db.internal:6543/tokens?sslmode=require');
    expect(url).toEqual({
      connectionString: 'postgresql://tap:p%40ss-word@db.internal:6543/tokens?sslmode=require',
      display: 'postgresql://tap@db.internal:6543/tokens',
      password: 'p@ss-word',
    });
  });

  test("postgres:// and SQLAlchemy's postgresql+driver:// (Meltano's database_uri form) are taken as postgresql://", () => {
    for (const scheme of ['postgres', 'postgresql+psycopg', 'postgresql+psycopg2', 'POSTGRESQL']) {
      const url = parsePgUrl(`${scheme}://u:secret-pw@h/db`);
      expect([scheme, 'problem' in url ? url.problem : url.connectionString]).toEqual([scheme, 'postgresql://u:secret-pw@h/db']);
    }
  });

  test('a password given as a query parameter is found too (so it can be masked)', () => {
    const url = parsePgUrl('postgresql://u@h/db?password=hidden-one');
    expect('problem' in url ? url.problem : url.password).toBe('hidden-one');
    expect('problem' in url ? '' : url.display).toBe('postgresql://u@h/db');
  });

  test('not a PostgreSQL URL: the problem says what is expected and never quotes the value', () => {
    for (const bad of ['mysql://u:topsecret@h/db', 'topsecret', 'sqlite:///x.db']) {
      const url = parsePgUrl(bad);
      expect('problem' in url).toBe(true);
      const problem = 'problem' in url ? url.problem : '';
      expect(problem).toContain('expected postgresql://USER:PASSWORD@HOST:5432/DATABASE');
      expect(problem).not.toContain('topsecret');
    }
  });

  test('an unparsable URL (an @ in the password not encoded, a bad port) is reported, with the encoding hint', () => {
    const url = parsePgUrl('postgresql://u:pa@ss:word@h:notaport/db');
    expect('problem' in url ? url.problem : '').toMatch(/is not a valid URL .*percent-encode/);
  });
});
