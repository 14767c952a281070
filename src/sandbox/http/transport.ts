/** Writing replies, after the configured latency; tracks its timers so close() can cancel them. */
import type { ServerResponse } from 'node:http';
import type { Rng } from '../random.js';
import type { ResolvedOptions } from '../options.js';
import type { Reply } from './api-error.js';

export class Transport {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly opts: ResolvedOptions, private readonly latencyRng: Rng) {}

  /** Runs `action` after `ms`, unless close() comes first. */
  later(ms: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, ms);
    this.timers.add(timer);
  }

  send(res: ServerResponse, reply: Reply): void {
    const delay = this.opts.latencyMs + (this.opts.latencyJitterMs > 0 ? this.latencyRng.float() * this.opts.latencyJitterMs : 0);
    if (delay <= 0) {
      sendNow(res, reply);
      return;
    }
    this.later(delay, () => sendNow(res, reply));
  }

  cancelAll(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

export function sendNow(res: ServerResponse, reply: Reply): void {
  if (res.destroyed || res.writableEnded) return;
  res.writeHead(reply.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(reply.body),
    ...reply.headers,
  });
  res.end(reply.body);
}
