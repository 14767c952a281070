import { Writable } from 'node:stream';
import { SingerWriter } from '../../../src/singer/writer.js';

class SlowSink extends Writable {
  chunks: string[] = [];
  constructor() {
    super({ highWaterMark: 1024 });
  }
  override _write(chunk: Buffer, _enc: string, done: (error?: Error) => void): void {
    this.chunks.push(chunk.toString());
    setTimeout(done, 1);
  }
}

describe('SingerWriter', () => {
  test('SCHEMA and STATE messages and the first RECORD are pure ASCII; later records stay UTF-8', async () => {
    const sink = new SlowSink();
    const writer = new SingerWriter(sink);
    writer.writeMessage({ type: 'SCHEMA', stream: 's', schema: { description: 'reference \u00a75.9 \u2014 \ud83d\uded2' }, key_properties: [] });
    writer.writeMessage({ type: 'STATE', value: { shop: 'Caf\u00e9' } });
    writer.writeLine(`${JSON.stringify({ type: 'RECORD', stream: 's', record: { name: 'Caf\u00e9 \u0e23\u0e49\u0e32\u0e19' } })}\n`);
    writer.writeLine(`${JSON.stringify({ type: 'RECORD', stream: 's', record: { name: 'Caf\u00e9' } })}\n`);
    await writer.drain();
    const lines = sink.chunks.join('').trim().split('\n');
    for (const line of lines.slice(0, 3)) expect(line).toMatch(/^[\x00-\x7f]*$/);
    expect(lines[3]).toContain('Caf\u00e9');
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual([
      { type: 'SCHEMA', stream: 's', schema: { description: 'reference \u00a75.9 \u2014 \ud83d\uded2' }, key_properties: [] },
      { type: 'STATE', value: { shop: 'Caf\u00e9' } },
      { type: 'RECORD', stream: 's', record: { name: 'Caf\u00e9 \u0e23\u0e49\u0e32\u0e19' } },
      { type: 'RECORD', stream: 's', record: { name: 'Caf\u00e9' } },
    ]);
  });

  test('writes lines in order and waits for a slow stream instead of buffering without bound', async () => {
    const sink = new SlowSink();
    const writer = new SingerWriter(sink);
    let maxPending = 0;
    for (let page = 0; page < 20; page++) {
      for (let i = 0; i < 200; i++) writer.writeLine(`{"n":${page * 200 + i},"pad":"${'x'.repeat(400)}"}\n`);
      await writer.drain();
      maxPending = Math.max(maxPending, sink.writableLength);
    }
    const lines = sink.chunks.join('').trim().split('\n');
    expect(lines).toHaveLength(4000);
    expect(lines.map((l) => (JSON.parse(l) as { n: number }).n)).toEqual([...Array(4000).keys()]);
    // After each drain the stream holds at most what it was handed since: memory does not grow with the run.
    expect(maxPending).toBeLessThan(200 * 450 + 1024);
  });

  test('a closed stdout (EPIPE) fails later writes with OUTPUT_CLOSED', async () => {
    const sink = new Writable({
      write(_chunk, _enc, done) {
        const error = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
        done(error);
      },
    });
    const writer = new SingerWriter(sink);
    writer.writeLine('{"type":"STATE","value":{}}\n');
    await expect(writer.drain()).rejects.toMatchObject({ code: 'OUTPUT_CLOSED' });
    expect(() => writer.writeLine('x\n')).toThrow(/stdout was closed/);
  });

  test('seal: the given message goes out after everything queued and nothing after it; settled waits for the stream', async () => {
    const sink = new SlowSink();
    const writer = new SingerWriter(sink);
    for (let i = 0; i < 300; i++) writer.writeLine(`{"n":${i},"pad":"${'x'.repeat(200)}"}\n`);
    writer.seal({ type: 'STATE', value: { last: true } });
    writer.writeLine('{"n":"too late"}\n');
    writer.seal({ type: 'STATE', value: { second: true } });
    await writer.settled();
    expect(sink.writableLength).toBe(0);
    const lines = sink.chunks.join('').split('\n');
    expect(lines.pop()).toBe(''); // ends on a whole line
    expect(lines).toHaveLength(301);
    expect(lines.at(-1)).toBe('{"type":"STATE","value":{"last":true}}');
  });
});
