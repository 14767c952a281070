/** The HTTP client on Node's own http (src/tiktok/http.ts), against a real server on 127.0.0.1. */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { Logger } from '../../../src/log.js';
import { BodyTooLargeError, createHttp, fetchText, RequestTimeoutError, TransportError } from '../../../src/tiktok/http.js';

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
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const client = (timeoutMs = 5000) => createHttp({ requestTimeoutMs: timeoutMs, userAgent: 'tap-tiktok-shop/test', logger: new Logger({ write: () => {} }) });
const get = (path = '/x', timeoutMs?: number, maxBytes?: number) => fetchText(client(timeoutMs), `${base}${path}`, { method: 'GET', headers: {} }, maxBytes);
const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);
const JSON_TEXT = JSON.stringify({ code: 0, data: { text: 'é'.repeat(50_000) } });

describe('fetchText', () => {
  test('sends the fixed headers, the caller’s, and the body with its length', async () => {
    let seen: { headers: IncomingHttpHeaders; body: string } | undefined;
    handler = (res, headers, body) => {
      seen = { headers, body };
      res.end('{}');
    };
    await fetchText(client(), `${base}/p?a=1`, { method: 'POST', body: '{"é":1}', headers: { 'x-tts-access-token': 'T' } });
    expect(seen!.body).toBe('{"é":1}');
    expect(seen!.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': 'tap-tiktok-shop/test',
      'x-tts-access-token': 'T',
      'content-length': String(Buffer.byteLength('{"é":1}')),
    });
    expect(seen!.headers['accept-encoding']).toMatch(/^gzip, deflate/);
  });

  test.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ])('decodes a %s body, however many chunks it comes in', async (encoding, compress) => {
    handler = (res) => {
      res.writeHead(200, { 'content-encoding': encoding });
      const bytes = compress(Buffer.from(JSON_TEXT));
      for (let i = 0; i < bytes.length; i += 1000) res.write(bytes.subarray(i, i + 1000));
      res.end();
    };
    expect((await get()).body).toBe(JSON_TEXT);
  });

  test('an empty compressed body is an empty body; an unknown encoding is read as it came', async () => {
    handler = (res) => {
      res.writeHead(502, { 'content-encoding': 'gzip' });
      res.end();
    };
    expect(await get()).toMatchObject({ statusCode: 502, body: '' });
    handler = (res) => {
      res.writeHead(200, { 'content-encoding': 'identity' });
      res.end('plain');
    };
    expect((await get()).body).toBe('plain');
  });

  test('a redirect is the reply, not followed', async () => {
    handler = (res) => {
      res.writeHead(302, { location: `${base}/elsewhere` });
      res.end();
    };
    expect((await get()).statusCode).toBe(302);
  });

  test('a body cut short is a transport failure (retried by the client), not a reply', async () => {
    handler = (res) => {
      res.writeHead(200, { 'content-length': '1000' });
      res.write('{"code":0,');
      setTimeout(() => res.socket?.destroy(), 20);
    };
    const error = await failure(get());
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).code).toBe('ECONNRESET');
  });

  test('a corrupt compressed body is a transport failure', async () => {
    handler = (res) => {
      res.writeHead(200, { 'content-encoding': 'gzip' });
      res.end(Buffer.from('not gzip at all'));
    };
    expect(await failure(get())).toBeInstanceOf(TransportError);
  });

  test('no reply within the timeout is a timeout, and the exchange is abandoned', async () => {
    handler = (res) => setTimeout(() => res.end('{}'), 500);
    const error = await failure(get('/slow', 50));
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect((error as Error).message).toBe('no reply within 50 ms');
  });

  test('a reply that keeps coming past the timeout is cut off too', async () => {
    handler = (res) => {
      res.writeHead(200);
      const tick = setInterval(() => (res.destroyed ? clearInterval(tick) : res.write('x')), 10);
    };
    expect(await failure(get('/trickle', 100))).toBeInstanceOf(RequestTimeoutError);
  });

  test('a body over the cap (decoded) stops the download', async () => {
    handler = (res) => {
      res.writeHead(200, { 'content-encoding': 'gzip' });
      res.end(gzipSync(Buffer.alloc(4 * 1024 * 1024, 0x20)));
    };
    const error = await failure(get('/big', 5000, 1024 * 1024));
    expect(error).toBeInstanceOf(BodyTooLargeError);
  });

  test('a refused connection is a transport failure with its code', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await failure(fetchText(client(), `http://127.0.0.1:${port}/`, { method: 'GET', headers: {} }));
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).code).toBe('ECONNREFUSED');
  });
});
