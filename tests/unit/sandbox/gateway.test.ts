/** Gateway rules: signature, app_key, timestamp, shop_cipher, access token, refresh, content type, routing. */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startSandbox, type SandboxHandle } from '../../../src/sandbox/index.js';
import { ORDERS, SHOPS, call } from './helpers.js';

let sb: SandboxHandle;
let cipher: string;

beforeAll(async () => {
  sb = await startSandbox({ seed: 11, shops: 2, orders: 60, products: 10 });
  cipher = sb.store.shops()[0]!.cipher;
});
afterAll(async () => {
  await sb.close();
});

const now = (): number => Math.floor(Date.now() / 1000);

describe('signed requests', () => {
  test('a correctly signed request is accepted, with a fresh request_id each time', async () => {
    const a = await call(sb, 'GET', SHOPS);
    const b = await call(sb, 'GET', SHOPS);
    expect(a.status).toBe(200);
    expect(a.body.code).toBe(0);
    expect(a.body.data.shops).toHaveLength(2);
    expect(Object.keys(a.body)).toEqual(['code', 'message', 'request_id', 'data']);
    expect(typeof a.body.request_id).toBe('string');
    expect(a.body.request_id).not.toBe(b.body.request_id);
  });

  test('bad signature → 106001', async () => {
    const res = await call(sb, 'GET', SHOPS, { sign: 'f'.repeat(64) });
    expect(res.body.code).toBe(106001);
    expect(res.body.data).toBeNull();
  });

  test('signature with the wrong secret → 106001', async () => {
    const res = await call(sb, 'POST', ORDERS, { query: { shop_cipher: cipher, page_size: '10' }, appSecret: 'not-the-secret' });
    expect(res.body.code).toBe(106001);
  });

  test('the body is part of the signature: a body changed after signing → 106001', async () => {
    const info = sb.info;
    const { signRequest } = await import('../../../src/tiktok/signing.js');
    const query = { app_key: info.app_key, timestamp: String(now()), shop_cipher: cipher, page_size: '10' };
    const sign = signRequest(info.app_secret, ORDERS, query, '{"update_time_ge":0}');
    const res = await fetch(`${info.base_url}${ORDERS}?${new URLSearchParams({ ...query, sign })}`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-tts-access-token': info.access_token },
      body: '{"update_time_ge": 0}',
    });
    expect(((await res.json()) as { code: number }).code).toBe(106001);
  });

  test('missing sign → 36009004', async () => {
    const res = await call(sb, 'GET', SHOPS, { sign: null });
    expect(res.body.code).toBe(36009004);
  });

  test('unknown app_key → HTTP 400, 36009004 invalid app_key', async () => {
    const res = await call(sb, 'GET', SHOPS, { appKey: 'nope' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(36009004);
    expect(res.body.message).toMatch(/invalid app_key/i);
  });

  test('timestamp window is now−5 min … now+30 s on the wall clock', async () => {
    const old = await call(sb, 'GET', SHOPS, { timestamp: now() - 400 });
    expect(old.body.code).toBe(36009004);
    expect(old.body.message).toMatch(/Invalid timestamp/);
    const future = await call(sb, 'GET', SHOPS, { timestamp: now() + 120 });
    expect(future.body.code).toBe(36009004);
    expect(future.body.message).toMatch(/Invalid timestamp/);
    const garbage = await call(sb, 'GET', SHOPS, { timestamp: 'yesterday' });
    expect(garbage.body.code).toBe(36009004);
    const recent = await call(sb, 'GET', SHOPS, { timestamp: now() - 200 });
    expect(recent.body.code).toBe(0);
    const slightlyAhead = await call(sb, 'GET', SHOPS, { timestamp: now() + 10 });
    expect(slightlyAhead.body.code).toBe(0);
  });
});

describe('shop_cipher', () => {
  test('required on shop endpoints → 106013', async () => {
    const res = await call(sb, 'POST', ORDERS, { query: { page_size: '10' } });
    expect(res.body.code).toBe(106013);
  });

  test('unknown cipher → 36009004', async () => {
    const res = await call(sb, 'POST', ORDERS, { query: { page_size: '10', shop_cipher: 'ROW_nope' } });
    expect(res.body.code).toBe(36009004);
    expect(res.body.message).toMatch(/shop_cipher/);
  });

  test('rejected on /authorization', async () => {
    const res = await call(sb, 'GET', SHOPS, { query: { shop_cipher: cipher } });
    expect(res.body.code).toBe(36009004);
    expect(res.body.message).toBe('Unexpected identifier. The shop_cipher query parameter is not required');
  });
});

describe('access token', () => {
  test('missing or unknown token → 36009004 invalid access_token', async () => {
    const missing = await call(sb, 'GET', SHOPS, { token: null });
    expect(missing.body.code).toBe(36009004);
    expect(missing.body.message).toMatch(/access_token/);
    const unknown = await call(sb, 'GET', SHOPS, { token: 'TTP_unknown' });
    expect(unknown.body.code).toBe(36009004);
    expect(unknown.body.message).toMatch(/access_token/);
  });

  test('POST without application/json → 36009022', async () => {
    const res = await call(sb, 'POST', ORDERS, { query: { shop_cipher: cipher, page_size: '10' }, contentType: 'text/plain' });
    expect(res.body.code).toBe(36009022);
  });
});

describe('token refresh', () => {
  test('expired token → 105002; refresh gives new tokens with absolute expiry and retires the old refresh token', async () => {
    const local = await startSandbox({ seed: 3, shops: 1, orders: 5, products: 2, tokenTtl: 3600 });
    try {
      const before = now();
      expect((await call(local, 'GET', SHOPS)).body.code).toBe(0);
      local.expireAccessTokens();
      const expired = await call(local, 'GET', SHOPS);
      expect(expired.body.code).toBe(105002);

      const refresh = async (refreshToken: string, secret = local.info.app_secret): Promise<any> => {
        const q = new URLSearchParams({ app_key: local.info.app_key, app_secret: secret, refresh_token: refreshToken, grant_type: 'refresh_token' });
        const res = await fetch(`${local.info.auth_base_url}/api/v2/token/refresh?${q}`);
        return res.json();
      };
      expect((await refresh(local.info.refresh_token, 'wrong')).code).toBe(36009004);
      const first = await refresh(local.info.refresh_token);
      expect(first.code).toBe(0);
      const d = first.data;
      expect(d.access_token).not.toBe(local.info.access_token);
      expect(d.refresh_token).not.toBe(local.info.refresh_token);
      // access_token_expire_in is an absolute Unix time (§1.3), tokenTtl after now.
      expect(d.access_token_expire_in).toBeGreaterThanOrEqual(before + 3600);
      expect(d.access_token_expire_in).toBeLessThanOrEqual(now() + 3600);
      expect(d.refresh_token_expire_in).toBeGreaterThan(d.access_token_expire_in);
      expect(d.user_type).toBe(0);
      expect(Array.isArray(d.granted_scopes)).toBe(true);

      // The new access token works; the old refresh token is retired.
      expect((await call(local, 'GET', SHOPS, { token: d.access_token })).body.code).toBe(0);
      expect((await refresh(local.info.refresh_token)).code).toBe(36004004);
      // The new refresh token works once.
      const second = await refresh(d.refresh_token);
      expect(second.code).toBe(0);
      expect((await refresh(d.refresh_token)).code).toBe(36004004);
      expect(local.stats().refreshes).toBe(2);
    } finally {
      await local.close();
    }
  });

  test('token expires after tokenTtl seconds of wall clock', async () => {
    const local = await startSandbox({ seed: 3, shops: 1, orders: 5, products: 2, tokenTtl: 1 });
    try {
      // Poll until the 1-second token has expired (no timing assertion: only the code is checked).
      let code = 0;
      for (let k = 0; k < 100 && code === 0; k++) {
        code = (await call(local, 'GET', SHOPS)).body.code;
        if (code === 0) await new Promise((r) => setTimeout(r, 50));
      }
      expect(code).toBe(105002);
    } finally {
      await local.close();
    }
  });

  test('token get with a single-use auth code', async () => {
    const code = sb.issueAuthCode();
    const get = async (authCode: string): Promise<any> => {
      const q = new URLSearchParams({ app_key: sb.info.app_key, app_secret: sb.info.app_secret, auth_code: authCode, grant_type: 'authorized_code' });
      return (await fetch(`${sb.info.auth_base_url}/api/v2/token/get?${q}`)).json();
    };
    const ok = await get(code);
    expect(ok.code).toBe(0);
    expect(typeof ok.data.access_token).toBe('string');
    expect((await get(code)).code).toBe(36004004);
  });

  test('token get refuses an expired code, another app\'s code (both 36004004) and a wrong app_secret (36009004)', async () => {
    const get = async (authCode: string, secret = sb.info.app_secret): Promise<any> => {
      const q = new URLSearchParams({ app_key: sb.info.app_key, app_secret: secret, auth_code: authCode, grant_type: 'authorized_code' });
      return (await fetch(`${sb.info.auth_base_url}/api/v2/token/get?${q}`)).json();
    };
    const issue = async (body: object): Promise<string> =>
      ((await (await fetch(`${sb.info.base_url}/__sandbox/auth_code`, { method: 'POST', body: JSON.stringify(body) })).json()) as any).data.auth_code;
    const expired = await get(await issue({ issued_seconds_ago: 1801 }));
    expect([expired.code, expired.message]).toEqual([36004004, 'Invalid auth code: expired.']);
    const foreign = await get(await issue({ app_key: 'another-app' }));
    expect([foreign.code, foreign.message]).toEqual([36004004, 'Invalid auth code: it was issued to another app.']);
    const fresh = await issue({ issued_seconds_ago: 60 });
    expect((await get(fresh, 'wrong-secret')).code).toBe(36009004);
    // A refusal for the app's credentials does not spend the code.
    expect((await get(fresh)).code).toBe(0);
  });
});

describe('routing', () => {
  test('unknown path → 404 / 36009009; wrong method → 405 / 36009010', async () => {
    const missing = await call(sb, 'GET', '/order/202309/nothing');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe(36009009);
    const wrong = await call(sb, 'GET', ORDERS, { query: { shop_cipher: cipher, page_size: '10' } });
    expect(wrong.status).toBe(405);
    expect(wrong.body.code).toBe(36009010);
  });
});

describe('reference vector V1', () => {
  test('the V1 request (app key 29a39d, secret e59af819cc, timestamp 1623812664) verifies', async () => {
    const local = await startSandbox({ seed: 1, shops: 1, orders: 1, products: 1, appKey: '29a39d', appSecret: 'e59af819cc', checkTimestamp: false });
    try {
      const v1 = 'b596b73e0cc6de07ac26f036364178ab16b0a907af13d43f0a0cd2345f582dc8';
      const accepted = await call(local, 'GET', SHOPS, { timestamp: 1623812664, sign: v1 });
      expect(accepted.body.code).toBe(0);
      const tampered = await call(local, 'GET', SHOPS, { timestamp: 1623812665, sign: v1 });
      expect(tampered.body.code).toBe(106001);
    } finally {
      await local.close();
    }
    // With the timestamp check on (the default), the 2021 timestamp is refused.
    const strict = await startSandbox({ seed: 1, shops: 1, orders: 1, products: 1, appKey: '29a39d', appSecret: 'e59af819cc' });
    try {
      const res = await call(strict, 'GET', SHOPS, { timestamp: 1623812664, sign: 'b596b73e0cc6de07ac26f036364178ab16b0a907af13d43f0a0cd2345f582dc8' });
      expect(res.body.message).toMatch(/Invalid timestamp/);
    } finally {
      await strict.close();
    }
  });
});
