/** Injected faults and the per-shop rate limit. */
import { describe, expect, test } from '@jest/globals';
import { signRequest } from '../../../src/tiktok/signing.js';
import { startSandbox, type FaultKind, type SandboxHandle } from '../../../src/sandbox/index.js';
import { ORDERS, SHOPS, call } from './helpers.js';

/** A signed order search, returning the raw outcome (status/text) or the fetch error. */
async function rawSearch(sb: SandboxHandle, cipher: string): Promise<{ status?: number; text?: string; headers?: Headers; error?: unknown }> {
  const query = { app_key: sb.info.app_key, timestamp: String(Math.floor(Date.now() / 1000)), shop_cipher: cipher, page_size: '20' };
  const body = '{}';
  const sign = signRequest(sb.info.app_secret, ORDERS, query, body);
  try {
    const res = await fetch(`${sb.info.base_url}${ORDERS}?${new URLSearchParams({ ...query, sign })}`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-tts-access-token': sb.info.access_token }, body,
    });
    return { status: res.status, text: await res.text(), headers: res.headers };
  } catch (error) {
    return { error };
  }
}

async function withFaults(kind: FaultKind, fn: (sb: SandboxHandle, cipher: string) => Promise<void>, extra: object = {}): Promise<void> {
  const sb = await startSandbox({ seed: 4, shops: 1, orders: 50, products: 5, faultRate: 1, faultKinds: [kind], ...extra });
  try {
    await fn(sb, sb.store.shops()[0]!.cipher);
  } finally {
    await sb.close();
  }
}

describe('injected faults', () => {
  test('5xx → HTTP 500/503 with code 36009003', () => withFaults('5xx', async (sb, cipher) => {
    for (let k = 0; k < 4; k++) {
      const r = await rawSearch(sb, cipher);
      expect([500, 503]).toContain(r.status);
      expect(JSON.parse(r.text!).code).toBe(36009003);
    }
    expect(sb.stats().faults_by_kind['5xx']).toBe(4);
  }));

  test('429 → HTTP 429 with code 36009002, Retry-After on some', () => withFaults('429', async (sb, cipher) => {
    const results = [await rawSearch(sb, cipher), await rawSearch(sb, cipher)];
    for (const r of results) {
      expect(r.status).toBe(429);
      expect(JSON.parse(r.text!).code).toBe(36009002);
    }
    expect(results.filter((r) => r.headers!.get('retry-after') !== null)).toHaveLength(1);
  }));

  test('truncated → a 200 whose JSON body is cut short', () => withFaults('truncated', async (sb, cipher) => {
    const r = await rawSearch(sb, cipher);
    expect(r.status).toBe(200);
    expect(r.text!.startsWith('{"code":0')).toBe(true);
    expect(() => JSON.parse(r.text!)).toThrow();
  }));

  test('reset → the connection is destroyed', () => withFaults('reset', async (sb, cipher) => {
    const r = await rawSearch(sb, cipher);
    expect(r.error).toBeDefined();
    expect(r.status).toBeUndefined();
  }));

  test('slow → stalls slowMs, then answers or hangs up', () => withFaults('slow', async (sb, cipher) => {
    const outcomes = await Promise.all([0, 1, 2, 3, 4, 5].map(() => rawSearch(sb, cipher)));
    for (const r of outcomes) {
      if (r.error === undefined) expect(JSON.parse(r.text!).code).toBe(0);
    }
    expect(sb.stats().faults_by_kind.slow).toBe(6);
  }, { slowMs: 30 }));

  test('faults are not injected on control calls, and faultRate is a share', async () => {
    const sb = await startSandbox({ seed: 4, shops: 1, orders: 50, products: 5, faultRate: 0.5, faultKinds: ['5xx'] });
    try {
      const cipher = sb.store.shops()[0]!.cipher;
      let failed = 0;
      for (let k = 0; k < 40; k++) if ((await rawSearch(sb, cipher)).status !== 200) failed++;
      expect(failed).toBeGreaterThan(5);
      expect(failed).toBeLessThan(35);
      expect(sb.stats().faults).toBe(failed);
      for (let k = 0; k < 10; k++) expect((await fetch(`${sb.info.base_url}/__sandbox/stats`)).status).toBe(200);
    } finally {
      await sb.close();
    }
  });
});

describe('rate limit', () => {
  test('per shop: over the rate → HTTP 429 / 36009002 (Retry-After on some); other shops unaffected', async () => {
    const sb = await startSandbox({ seed: 4, shops: 2, orders: 20, products: 5, rateLimit: 0.01 });
    try {
      const [a, b] = sb.store.shops();
      const first = await rawSearch(sb, a!.cipher);
      expect(first.status).toBe(200);
      const second = await rawSearch(sb, a!.cipher);
      const third = await rawSearch(sb, a!.cipher);
      for (const r of [second, third]) {
        expect(r.status).toBe(429);
        expect(JSON.parse(r.text!).code).toBe(36009002);
      }
      expect(second.headers!.get('retry-after')).toMatch(/^\d+$/);
      expect(third.headers!.get('retry-after')).toBeNull();
      expect((await rawSearch(sb, b!.cipher)).status).toBe(200);
      expect(sb.stats().throttled).toBe(2);
      // The app-level endpoint has its own bucket.
      expect((await call(sb, 'GET', SHOPS)).body.code).toBe(0);
    } finally {
      await sb.close();
    }
  });
});

describe('latency', () => {
  test('latencyMs + jitter delay answers but do not change them', async () => {
    const sb = await startSandbox({ seed: 4, shops: 1, orders: 20, products: 5, latencyMs: 15, latencyJitterMs: 10 });
    try {
      const results = await Promise.all([0, 1, 2].map(() => call(sb, 'GET', SHOPS)));
      for (const r of results) expect(r.body.code).toBe(0);
    } finally {
      await sb.close();
    }
  });
});
