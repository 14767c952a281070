import { jest } from '@jest/globals';
import { asciiLogText, Logger } from '../../src/log.js';
import { registerSecret } from '../../src/redact.js';
import { Progress } from '../../src/sync/progress.js';
import type { Outputs } from '../../src/sync/context.js';

function capture(options: ConstructorParameters<typeof Logger>[0] = {}) {
  const lines: string[] = [];
  return { logger: new Logger({ ...options, write: (line) => lines.push(line) }), lines };
}

describe('logs and metrics', () => {
  test('METRIC lines follow the Meltano SDK: "INFO METRIC: " + compact JSON with type, metric, value, tags', () => {
    const { logger, lines } = capture();
    logger.metric({ type: 'timer', metric: 'http_request_duration', value: 0.042, tags: { endpoint: 'search_orders', http_status_code: 200, status: 'succeeded', stream: 'orders', shop_id: '1' } });
    logger.metric({ type: 'counter', metric: 'record_count', value: 120, tags: { stream: 'orders', shop_id: '1' } });
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line.startsWith('INFO METRIC: ')).toBe(true);
      const point = JSON.parse(line.slice('INFO METRIC: '.length)) as Record<string, unknown>;
      expect(Object.keys(point)).toEqual(['type', 'metric', 'value', 'tags']);
      expect(point.metric).toMatch(/^[a-z_]+$/);
    }
    expect(JSON.parse(lines[1]!.slice(13))).toEqual({ type: 'counter', metric: 'record_count', value: 120, tags: { stream: 'orders', shop_id: '1' } });
  });

  test('metrics can be switched off; JSON log format carries metric_info', () => {
    const off = capture({ metrics: false });
    off.logger.metric({ type: 'counter', metric: 'record_count', value: 1, tags: {} });
    expect(off.lines).toEqual([]);
    const json = capture({ format: 'json' });
    json.logger.metric({ type: 'counter', metric: 'record_count', value: 1, tags: { stream: 's' } });
    json.logger.child({ stream: 'orders' }).warn('hello');
    const [metric, warning] = json.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(metric).toMatchObject({ level: 'info', metric_info: { metric: 'record_count', value: 1 } });
    expect(warning).toMatchObject({ level: 'warning', message: 'hello', extra: { stream: 'orders' }, logger_name: 'tap-tiktok-shop' });
  });

  test('log lines are pure ASCII: punctuation in plain form, anything else \\uXXXX, JSON lines still valid JSON', () => {
    expect(asciiLogText('a \u2014 b \u00a75.9, 1\u2013100, 1 \u2264 i, wait\u2026')).toBe('a - b section 5.9, 1-100, 1 <= i, wait...');
    const shopName = 'Toko \u00c9l\u00e9gant \u0e23\u0e49\u0e32\u0e19 \ud83d\uded2';
    const text = capture();
    text.logger.child({ shop: shopName }).error(`shop ${shopName} failed \u2014 see \u00a72.1`);
    const json = capture({ format: 'json' });
    json.logger.child({ shop: shopName }).error(`shop ${shopName} failed \u2014 see \u00a72.1`);
    json.logger.metric({ type: 'counter', metric: 'record_count', value: 1, tags: { shop_name: shopName } });
    for (const line of [...text.lines, ...json.lines]) expect(line).toMatch(/^[\x00-\x7f]*$/);
    expect(text.lines[0]).toContain('shop Toko \\u00c9l\\u00e9gant \\u0e23\\u0e49\\u0e32\\u0e19 \\ud83d\\uded2 failed - see section 2.1');
    const entry = JSON.parse(json.lines[0]!) as { message: string; extra: { shop: string } };
    expect(entry).toMatchObject({ message: `shop ${shopName} failed - see section 2.1`, extra: { shop: shopName } });
    expect((JSON.parse(json.lines[1]!) as { metric_info: { tags: { shop_name: string } } }).metric_info.tags.shop_name).toBe(shopName);
  });

  test('log lines are redacted: registered secrets and sign/token parameters', () => {
    const { logger, lines } = capture();
    registerSecret('SECRET-refresh-5678');
    logger.error('failed GET /x?sign=0123abcd&access_token=abc123 with SECRET-refresh-5678');
    expect(lines[0]).not.toContain('SECRET-refresh-5678');
    expect(lines[0]).not.toContain('0123abcd');
    expect(lines[0]).not.toContain('abc123');
  });

  test('progress lines every interval and a per-stream, per-shop summary at the end', async () => {
    jest.useFakeTimers();
    try {
      const { logger, lines } = capture();
      const counts = new Map([['111', 5], ['222', 7]]);
      const outputs = { orders: { name: 'orders', emit: true, counts, skipped: 0 }, returns: { name: 'returns', emit: false, counts: new Map(), skipped: 0 } } as unknown as Outputs;
      const progress = new Progress(outputs, () => ({ requests: 9, retries: 1, throttled: 2 }), logger);
      progress.pages = 3;
      progress.start(5);
      jest.advanceTimersByTime(5000);
      progress.stop();
      progress.summary();
      expect(lines[0]).toMatch(/progress: 12 records, 3 pages, 9 requests \(1 retried, 2 throttled\), \d+ records\/s/);
      expect(lines.some((l) => l.includes('summary: orders: 12 records (shop 111=5 222=7)'))).toBe(true);
      expect(lines.some((l) => l.includes('summary: returns'))).toBe(false);
      expect(lines.at(-1)).toMatch(/summary: 12 records in [\d.]+ s; 9 requests, 1 retried, 2 throttled/);
    } finally {
      jest.useRealTimers();
    }
  });
});
