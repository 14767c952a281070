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
    const { logger, lines } = capture({ requestMetrics: true });
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
    expect(warning).toMatchObject({ level: 'warning', message: 'hello | stream=orders', extra: { stream: 'orders' }, logger_name: 'tap-tiktok-shop' });
  });

  test('JSON lines carry shop and stream in the message text, which is all Meltano 4 shows of a parsed line', () => {
    const json = capture({ format: 'json' });
    json.logger.child({ stream: 'orders', shop: '7495310022158813001' }).info('40 records');
    json.logger.child({ stream: 'orders', shop: '7495310022158813002' }).info('40 records');
    const messages = json.lines.map((l) => (JSON.parse(l) as { message: string }).message);
    expect(messages).toEqual(['40 records | stream=orders shop=7495310022158813001', '40 records | stream=orders shop=7495310022158813002']);
  });

  test('control characters in seller or shop text are escaped: no terminal escapes, no forged lines (text and JSON)', () => {
    const hostile = 'Shop\u001b]0;pwned\u0007\n2025-01-01T00:00:00.000Z | CRITICAL | tap-tiktok-shop | forged\r\u009b';
    const text = capture();
    text.logger.child({ shop_name: hostile }).warn(`shop ${hostile} refused`);
    expect(text.lines).toHaveLength(1);
    const line = text.lines[0]!;
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
    expect(line).toContain('Shop\\u001b]0;pwned\\u0007\\n2025-01-01');
    expect(line.match(/\| CRITICAL \|/g)).toHaveLength(2);
    expect(line.startsWith(`${line.slice(0, 24)} | WARNING `)).toBe(true);

    const json = capture({ format: 'json' });
    json.logger.child({ shop_name: hostile, stream: hostile }).warn(`shop ${hostile} refused`);
    expect(json.lines).toHaveLength(1);
    const parsed = JSON.parse(json.lines[0]!) as { message: string; stream_name: string; extra: { shop_name: string } };
    // What Meltano prints after decoding the JSON must be free of control characters too.
    for (const value of [parsed.message, parsed.stream_name, parsed.extra.shop_name]) expect(value).not.toMatch(/[\x00-\x1f\x7f]/);
    expect(parsed.message).toContain('\\n2025-01-01');
    expect(asciiLogText('seller \u001b[2J\u0007')).toBe('seller \\u001b[2J\\u0007');
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
    expect(entry).toMatchObject({ message: `shop ${shopName} failed - see section 2.1 | shop=${shopName}`, extra: { shop: shopName } });
    expect((JSON.parse(json.lines[1]!) as { metric_info: { tags: { shop_name: string } } }).metric_info.tags.shop_name).toBe(shopName);
  });

  test('one METRIC line per request only at debug or with request_metrics; observers see every request', () => {
    const request = { type: 'timer' as const, metric: 'http_request_duration', value: 0.1, tags: { endpoint: 'search_orders', status: 'succeeded' } };
    const quiet = capture();
    const seen: string[] = [];
    quiet.logger.observeMetrics((point) => seen.push(point.metric));
    quiet.logger.child({ stream: 'orders' }).metric(request);
    quiet.logger.metric({ type: 'counter', metric: 'record_count', value: 3, tags: {} });
    expect(quiet.lines.map((l) => (JSON.parse(l.slice(13)) as { metric: string }).metric)).toEqual(['record_count']);
    expect(seen).toEqual(['http_request_duration', 'record_count']);
    const debug = capture({ level: 'debug' });
    debug.logger.metric(request);
    expect(debug.lines).toHaveLength(1);
    const asked = capture();
    asked.logger.configure({ requestMetrics: true });
    asked.logger.child({ shop_id: '1' }).metric(request); // children follow configure
    expect(asked.lines).toHaveLength(1);
  });

  test('JSON lines carry every field Meltano 4 requires to show a line at its own level', () => {
    // meltano/meltano src/meltano/core/logging/parsers.py SingerSDKLogParser.required_fields
    const required = ['level', 'pid', 'logger_name', 'ts', 'thread_name', 'app_name', 'stream_name', 'message'];
    const pythonLevels = new Set(['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL']);
    const { logger, lines } = capture({ format: 'json', level: 'debug' });
    logger.debug('d');
    logger.child({ stream: 'orders', shop_id: '7' }).warn('w');
    logger.critical('c');
    logger.metric({ type: 'counter', metric: 'record_count', value: 1, tags: { stream: 'returns' } });
    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const entry of entries) {
      for (const field of required) expect([field, field in entry]).toEqual([field, true]);
      expect(pythonLevels.has(String(entry.level).toUpperCase())).toBe(true);
      expect(typeof entry.ts).toBe('number'); // the SDK schema: a Unix timestamp
      expect(typeof entry.extra).toBe('object');
    }
    expect(entries.map((e) => e.level)).toEqual(['debug', 'warning', 'critical', 'info']);
    expect(entries[1]).toMatchObject({ stream_name: 'orders', message: 'w | stream=orders shop_id=7', extra: { stream: 'orders', shop_id: '7' }, app_name: 'tap-tiktok-shop' });
    expect(entries[0]!.stream_name).toBeNull();
    expect(entries[3]).toMatchObject({ stream_name: 'returns', metric_info: { type: 'counter', metric: 'record_count', value: 1, tags: { stream: 'returns' } } });
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

  test('aggregated metrics per stream and endpoint, every interval (since the last) and at the end (whole run)', () => {
    jest.useFakeTimers();
    try {
      const { logger, lines } = capture();
      const counts = new Map([['111', 0]]);
      const outputs = { orders: { name: 'orders', emit: true, counts, skipped: 0 } } as unknown as Outputs;
      const progress = new Progress(outputs, () => ({ requests: 0, retries: 0, throttled: 0 }), logger);
      const request = (endpoint: string, seconds: number, status = 'succeeded') =>
        logger.child({ shop_id: '111' }).metric({ type: 'timer', metric: 'http_request_duration', value: seconds, tags: { endpoint, status, stream: 'orders', shop_id: '111' } });
      progress.start(5);
      request('search_orders', 0.2);
      request('search_orders', 0.4, 'failed');
      request('price_detail', 1);
      counts.set('111', 30);
      jest.advanceTimersByTime(5000);
      request('search_orders', 0.6);
      counts.set('111', 50);
      progress.stop();
      request('search_orders', 9); // after the run: not counted
      progress.summary();
      const metrics = lines.filter((l) => l.startsWith('INFO METRIC: ')).map((l) => JSON.parse(l.slice(13)) as { metric: string; value: number; tags: Record<string, unknown> });
      const find = (metric: string, tags: Record<string, unknown>) =>
        metrics.filter((m) => m.metric === metric && Object.entries(tags).every(([k, v]) => m.tags[k] === v)).map((m) => m.value);
      expect(metrics.some((m) => m.metric === 'http_request_duration')).toBe(false);
      expect(find('record_count', { stream: 'orders', period: 'interval' })).toEqual([30]);
      expect(find('record_count', { stream: 'orders', period: 'run' })).toEqual([50]);
      expect(find('http_request_count', { stream: 'orders', endpoint: 'search_orders', period: 'interval' })).toEqual([2]);
      expect(find('http_request_error_count', { endpoint: 'search_orders', period: 'interval' })).toEqual([1]);
      expect(find('http_request_duration_mean', { endpoint: 'search_orders', period: 'interval' })).toEqual([0.3]);
      expect(find('http_request_count', { endpoint: 'search_orders', period: 'run' })).toEqual([3]);
      expect(find('http_request_error_count', { endpoint: 'search_orders', period: 'run' })).toEqual([1]);
      expect(find('http_request_duration_mean', { endpoint: 'search_orders', period: 'run' })).toEqual([0.4]);
      expect(find('http_request_duration_max', { endpoint: 'search_orders', period: 'run' })).toEqual([0.6]);
      expect(find('http_request_count', { endpoint: 'price_detail', period: 'run' })).toEqual([1]);
    } finally {
      jest.useRealTimers();
    }
  });

  test('throttled requests are counted per endpoint and shop in the aggregated metrics, not one line each', () => {
    jest.useFakeTimers();
    try {
      const { logger, lines } = capture();
      const outputs = {} as Outputs;
      const progress = new Progress(outputs, () => ({ requests: 0, retries: 0, throttled: 0 }), logger);
      const throttle = (endpoint: string, shop: string) => logger.metric({ type: 'counter', metric: 'http_throttled', value: 1, tags: { endpoint, shop_id: shop, stream: 'orders' } });
      progress.start(5);
      throttle('price_detail', '111');
      throttle('price_detail', '111');
      throttle('price_detail', '222');
      jest.advanceTimersByTime(5000);
      throttle('price_detail', '111');
      progress.stop();
      progress.summary();
      const metrics = lines.filter((l) => l.startsWith('INFO METRIC: ')).map((l) => JSON.parse(l.slice(13)) as { metric: string; value: number; tags: Record<string, unknown> });
      const find = (tags: Record<string, unknown>) =>
        metrics.filter((m) => m.metric === 'http_throttled_count' && Object.entries(tags).every(([k, v]) => m.tags[k] === v)).map((m) => m.value);
      expect(metrics.some((m) => m.metric === 'http_throttled')).toBe(false);
      expect(find({ endpoint: 'price_detail', shop_id: '111', period: 'interval' })).toEqual([2]);
      expect(find({ endpoint: 'price_detail', shop_id: '222', period: 'interval' })).toEqual([1]);
      expect(find({ endpoint: 'price_detail', shop_id: '111', period: 'run' })).toEqual([3]);
      expect(find({ endpoint: 'price_detail', shop_id: '222', period: 'run' })).toEqual([1]);
    } finally {
      jest.useRealTimers();
    }
  });

  test('the time of a family in the summary is wall clock over all shops, not summed over shops', () => {
    jest.useFakeTimers();
    try {
      const { logger, lines } = capture();
      const outputs = { orders: { name: 'orders', emit: true, counts: new Map([['1', 2], ['2', 2]]), skipped: 0 } } as unknown as Outputs;
      const progress = new Progress(outputs, () => ({ requests: 0, retries: 0, throttled: 0 }), logger);
      jest.advanceTimersByTime(20_000);
      progress.familyDone('orders', 20); // shop 1: 0 s → 20 s
      jest.advanceTimersByTime(3_000);
      progress.familyDone('orders', 21); // shop 2: 2 s → 23 s, side by side
      progress.stop();
      progress.summary();
      expect(lines.find((l) => l.includes('summary: orders:'))).toContain('orders: 4 records in 23.0 s with its children (wall clock, all shops)');
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('METRIC lines only where asked', () => {
  test('emit_metrics is off unless the config asks for it', async () => {
    const { validateConfig } = await import('../../src/config.js');
    expect(validateConfig({}, { requireCredentials: false }).emit_metrics).toBe(false);
    expect(validateConfig({ emit_metrics: true }, { requireCredentials: false }).emit_metrics).toBe(true);
  });
});
