import type { AuthorizedGrant } from '../../../src/authorize/exchange.js';
import { reportGrant, scopeCoverage, userTypeName } from '../../../src/authorize/grant-report.js';
import { Logger } from '../../../src/log.js';
import { CHILD_SCOPES, FAMILY_SCOPES } from '../../../src/streams/scopes.js';
import { FAMILIES, STREAM_NAMES } from '../../../src/streams/table.js';

const grant = (extra: Partial<AuthorizedGrant>): AuthorizedGrant => ({
  accessToken: 'TTP_access_token_value_1234',
  accessTokenExpireIn: 2_000_000_000,
  refreshToken: 'TTP_refresh_token_value_5678',
  refreshTokenExpireIn: undefined,
  openId: undefined,
  sellerName: undefined,
  sellerBaseRegion: undefined,
  userType: 0,
  grantedScopes: [],
  ...extra,
});

function run(g: AuthorizedGrant): { said: string[]; logged: string } {
  const said: string[] = [];
  const logged: string[] = [];
  reportGrant(g, (line) => said.push(line), new Logger({ write: (line) => logged.push(line) }));
  return { said, logged: logged.join('') };
}

describe('granted scopes after the exchange', () => {
  test('every family but shops has a scope, and every stream of the table is placed', () => {
    expect(Object.keys(FAMILY_SCOPES).sort()).toEqual(FAMILIES.map((f) => f.root).filter((r) => r !== 'shops').sort());
    for (const stream of Object.keys(CHILD_SCOPES)) expect(STREAM_NAMES).toContain(stream);
    const all = scopeCoverage([...new Set([...Object.values(FAMILY_SCOPES), ...Object.values(CHILD_SCOPES)])]);
    expect(all.missing.size).toBe(0);
    expect([...all.covered].sort()).toEqual([...STREAM_NAMES].sort());
  });

  test('the scopes and covered streams are shown, each missing scope is a warning naming its streams', () => {
    const { said, logged } = run(grant({ grantedScopes: ['seller.order.info', 'seller.product.basic', 'seller.authorization.info'] }));
    expect(said[0]).toBe('granted scopes: seller.authorization.info, seller.order.info, seller.product.basic');
    expect(said[1]).toMatch(/^streams these scopes cover: shops, orders, order_line_items, .*products, product_skus, inventory$/);
    expect(said[1]).not.toContain('external_orders');
    expect(logged).toMatch(/WARNING .*missing scope seller\.order\.ext_ref\.read: external_orders, external_order_line_items will fail/);
    expect(logged).toMatch(/missing scope seller\.finance\.info: statements, .*payments, withdrawals/);
    expect(logged).toMatch(/missing scope seller\.return_refund\.basic: returns, return_line_items, cancellations, cancellation_line_items/);
    expect(logged).toMatch(/missing scope seller\.fulfillment\.basic: packages/);
  });

  test('user_type 3 is a partner, 1 a creator; both warned about; a reply without scopes says so', () => {
    expect(userTypeName(3)).toBe('partner (user_type 3)');
    expect(userTypeName(0)).toBe('seller (user_type 0)');
    expect(run(grant({ userType: 3 })).logged).toMatch(/WARNING .*partner \(user_type 3\) token, not a seller one/);
    expect(run(grant({ userType: 1 })).logged).toMatch(/creator \(user_type 1\) token/);
    const none = run(grant({ userType: 0 }));
    expect(none.logged).toBe('');
    expect(none.said).toEqual([expect.stringMatching(/lists no granted_scopes/)]);
  });
});
