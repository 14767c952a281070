import { parseCli } from '../../../src/sandbox/cli.js';
import { startSandbox, type SandboxHandle } from '../../../src/sandbox/index.js';
import { call } from './helpers.js';

const SHOPS = '/authorization/202309/shops';
const ORDERS = '/order/202309/orders/search';

/** A seller's grant, as `authorize` gets it: an auth code for that seller from the control surface, then token/get. */
async function authorizeSeller(sb: SandboxHandle, seller: number): Promise<any> {
  const issued = (await (await fetch(`${sb.info.base_url}/__sandbox/auth_code`, { method: 'POST', body: JSON.stringify({ seller }) })).json()) as any;
  expect(issued.code).toBe(0);
  const q = new URLSearchParams({ app_key: sb.info.app_key, app_secret: sb.info.app_secret, auth_code: issued.data.auth_code, grant_type: 'authorized_code' });
  return ((await (await fetch(`${sb.info.auth_base_url}/api/v2/token/get?${q}`)).json()) as any).data;
}

describe('a sandbox with several sellers on one app', () => {
  let sb: SandboxHandle;
  beforeAll(async () => {
    sb = await startSandbox({ seed: 3, shops: 5, sellers: 2, orders: 5, products: 2 });
  });
  afterAll(async () => {
    await sb.close();
  });

  test('each seller has its own grant (open_id, name) and sees only its own shops, which together are all of them', async () => {
    const first = await authorizeSeller(sb, 1);
    const second = await authorizeSeller(sb, 2);
    expect(first.open_id).not.toBe(second.open_id);
    const shopsOf = async (token: string) => ((await call(sb, 'GET', SHOPS, { token })).body.data.shops as { id: string; name: string }[]);
    const a = await shopsOf(first.access_token);
    const b = await shopsOf(second.access_token);
    expect(a.length + b.length).toBe(5);
    expect(a.length).toBeGreaterThanOrEqual(2);
    expect(b.length).toBeGreaterThanOrEqual(2);
    expect(a.map((s) => s.id).filter((id) => b.some((s) => s.id === id))).toEqual([]);
    expect(first.seller_name).toBe(a[0]!.name);
    expect(second.seller_name).toBe(b[0]!.name);
    // The initial tokens are the first seller's.
    expect((await shopsOf(sb.info.access_token)).map((s) => s.id)).toEqual(a.map((s) => s.id));
  });

  test('a seller\'s token used on another seller\'s shop is refused with 101000; a refresh keeps the seller', async () => {
    const second = await authorizeSeller(sb, 2);
    const theirs = (await call(sb, 'GET', SHOPS, { token: second.access_token })).body.data.shops[0] as { cipher: string };
    const query = { shop_cipher: theirs.cipher, page_size: '10' };
    expect((await call(sb, 'POST', ORDERS, { query, body: {} })).body.code).toBe(101000);
    expect((await call(sb, 'POST', ORDERS, { query, body: {}, token: second.access_token })).body.code).toBe(0);
    const q = new URLSearchParams({ app_key: sb.info.app_key, app_secret: sb.info.app_secret, refresh_token: second.refresh_token, grant_type: 'refresh_token' });
    const refreshed = ((await (await fetch(`${sb.info.auth_base_url}/api/v2/token/refresh?${q}`)).json()) as any).data;
    expect(refreshed.open_id).toBe(second.open_id);
    expect((await call(sb, 'POST', ORDERS, { query, body: {}, token: refreshed.access_token })).body.code).toBe(0);
  });

  test('an auth code for a seller the sandbox does not have is refused', async () => {
    const reply = (await (await fetch(`${sb.info.base_url}/__sandbox/auth_code`, { method: 'POST', body: JSON.stringify({ seller: 3 }) })).json()) as any;
    expect(reply.code).not.toBe(0);
    expect(reply.message).toMatch(/seller must be a seller number 1-2/);
  });

  test('the command line takes --sellers N', () => {
    expect(parseCli(['--shops', '6', '--sellers', '3']).options).toMatchObject({ shops: 6, sellers: 3 });
  });

  test('more sellers than shops is refused at start', async () => {
    await expect(startSandbox({ shops: 2, sellers: 3 })).rejects.toThrow(/sellers must be an integer 1-2/);
  });
});
