/**
 * The HTTP layer (src/tiktok/wire.ts, got) against a real server on 127.0.0.1: what a connection can do that a
 * mocked one cannot (bodies cut short, bodies that never end, refused connections), read as the Outcome callers get.
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { Logger } from '../../../src/log.js';
import type { Outcome } from '../../../src/tiktok/reply.js';
import { createWire } from '../../../src/tiktok/wire.js';

let server: Server;
let base: string;
let handler: (res: ServerResponse, headers: IncomingHttpHeaders, body: string) => void;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (c: string) => (body += c));
    req.on('end', () => handler(res, req.headers, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

const OK = JSON.stringify({ code: 0, message: 'Success', request_id: 'R1', data: { text: 'é'.repeat(50_000) } });

function send(path = '/x', options: { timeoutMs?: number; maxBytes?: number; method?: 'GET' | 'POST'; body?: string; url?: string } = {}): Promise<Outcome> {
  const wire = createWire({ requestTimeoutMs: options.timeoutMs ?? 5000, userAgent: 'tap-tiktok-shop/test', logger: new Logger({ write: () => {} }), maxBodyBytes: options.maxBytes });
  return wire.send({ method: options.method ?? 'GET', url: options.url ?? `${base}${path}`, body: options.body, headers: { 'x-tts-access-token': 'T' }, endpoint: 'x', tags: {}, mask: [] });
}

const facts = (outcome: Outcome) => (outcome.ok ? undefined : outcome.facts);

describe('wire (got) against a real server', () => {
  test('sends the fixed headers, the caller’s, and the body with its length', async () => {
    let seen: { headers: IncomingHttpHeaders; body: string } | undefined;
    handler = (res, headers, body) => {
      seen = { headers, body };
      res.end(OK);
    };
    expect((await send('/p?a=1', { method: 'POST', body: '{"é":1}' })).ok).toBe(true);
    expect(seen!.body).toBe('{"é":1}');
    expect(seen!.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': 'tap-tiktok-shop/test',
      'x-tts-access-token': 'T',
      'content-length': String(Buffer.byteLength('{"é":1}')),
    });
    expect(seen!.headers['accept-encoding']).toMatch(/gzip/);
  });

  test.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ])('decodes a %s body, however many chunks it comes in', async (encoding, compress) => {
    handler = (res) => {
      res.writeHead(200, { 'content-encoding': encoding });
      const bytes = compress(Buffer.from(OK));
      for (let i = 0; i < bytes.length; i += 1000) res.write(bytes.subarray(i, i + 1000));
      res.end();
    };
    const outcome = await send();
    expect(outcome.ok && outcome.data).toEqual({ text: 'é'.repeat(50_000) });
  });

  test('a redirect is the reply, not followed', async () => {
    let followed = false;
    handler = (res, headers) => {
      if (headers['x-followed']) followed = true;
      res.writeHead(302, { location: `${base}/elsewhere` });
      res.end();
    };
    expect(facts(await send())).toMatchObject({ httpStatus: 302, kind: 'redirect' });
    expect(followed).toBe(false);
  });

  test('a body cut short is a connection failure (the retry case), not a reply', async () => {
    handler = (res) => {
      res.writeHead(200, { 'content-length': '1000' });
      res.write('{"code":0,');
      setImmediate(() => res.socket?.destroy());
    };
    expect(facts(await send())).toMatchObject({ kind: 'network' });
  });

  test('no reply within the timeout is a timeout', async () => {
    handler = (res) => setTimeout(() => res.end(OK), 500);
    expect(facts(await send('/slow', { timeoutMs: 50 }))).toEqual({ kind: 'timeout', detail: 'no reply within 50 ms' });
  });

  test('a reply that keeps coming past the timeout is cut off too', async () => {
    handler = (res) => {
      res.writeHead(200);
      const tick = setInterval(() => (res.destroyed ? clearInterval(tick) : res.write('x')), 10);
    };
    expect(facts(await send('/trickle', { timeoutMs: 100 }))).toMatchObject({ kind: 'timeout' });
  });

  test('a gzip bomb stops at the cap (decoded), before the rest is read', async () => {
    let written = 0;
    handler = (res) => {
      res.writeHead(200, { 'content-encoding': 'gzip' });
      // 16384 chunks of 1 MiB of spaces each (16 GiB decoded), ~1 KB each on the wire: ~16 MB in all, more than the
      // loopback's socket buffers hold, so the server can only write them all if the client keeps reading.
      const chunk = gzipSync(Buffer.alloc(1024 * 1024, 0x20));
      const next = (): void => {
        if (res.destroyed || written === 16384) return void res.end();
        written += 1;
        res.write(chunk, () => setImmediate(next));
      };
      next();
    };
    expect(facts(await send('/big', { maxBytes: 2 * 1024 * 1024 }))).toMatchObject({ kind: 'too_large' });
    expect(written).toBeLessThan(16384);
  });

  test('a refused connection is a connection failure with its code', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const outcome = await send('/', { url: `http://127.0.0.1:${port}/` });
    expect(facts(outcome)).toMatchObject({ kind: 'network', detail: expect.stringContaining('ECONNREFUSED') as unknown });
  });
});

describe('a reply that is not UTF-8', () => {
  function sendLogged(): { lines: string[]; twice: () => Promise<Outcome[]> } {
    const lines: string[] = [];
    const wire = createWire({ requestTimeoutMs: 5000, logger: new Logger({ write: (line) => void lines.push(line) }) });
    const once = () => wire.send({ method: 'GET', url: `${base}/latin1`, body: undefined, headers: {}, endpoint: 'get_product', tags: {}, mask: [] });
    return { lines, twice: async () => [await once(), await once()] };
  }

  test('its bad bytes are named once per endpoint, and the reply is still read', async () => {
    // "Café" in Latin-1: the é is the lone byte 0xE9, which is no UTF-8.
    const body = Buffer.concat([Buffer.from('{"code":0,"message":"Success","request_id":"R1","data":{"title":"Caf'), Buffer.from([0xe9]), Buffer.from('"}}')]);
    handler = (res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    const { lines, twice } = sendLogged();
    const [first, second] = await twice();
    expect(first!.ok && (first!.data as { title: string }).title).toBe('Caf\uFFFD');
    expect(second!.ok).toBe(true);
    expect(lines.filter((line) => line.includes('not UTF-8'))).toHaveLength(1);
    expect(lines[0]).toMatch(/WARNING .*get_product: the reply holds bytes that are not UTF-8/);
  });

  test('a reply that really holds U+FFFD (valid UTF-8) is not warned about', async () => {
    handler = (res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 0, message: 'Success', request_id: 'R1', data: { title: 'Caf\uFFFD' } }));
    const { lines, twice } = sendLogged();
    await twice();
    expect(lines.filter((line) => line.includes('not UTF-8'))).toEqual([]);
  });
});
