/**
 * Injected faults (`faultRate` / `faultKinds`): 5xx, 429, slow replies, truncated bodies, connection resets.
 * One PRNG decides both whether a request fails and how, so a seed replays the same fault sequence.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultKind, ResolvedOptions } from '../options.js';
import type { Rng } from '../random.js';
import type { Reply } from './api-error.js';
import type { Replies } from './replies.js';
import { bump, type StatsBox } from './stats.js';
import { sendNow, type Transport } from './transport.js';

export class FaultInjector {
  private injected429 = 0;

  constructor(private readonly opts: ResolvedOptions, private readonly rng: Rng, private readonly stats: StatsBox,
    private readonly replies: Replies, private readonly transport: Transport) {}

  /** The fault for this request, if any (counted as soon as it is decided). */
  roll(): FaultKind | undefined {
    if (this.opts.faultRate <= 0) return undefined;
    if (!(this.rng.float() < this.opts.faultRate)) return undefined;
    const kind = this.rng.pick(this.opts.faultKinds);
    this.stats.current.faults++;
    this.stats.current.faults_by_kind[kind]++;
    return kind;
  }

  /** Faults that replace the handler entirely. */
  injectImmediate(req: IncomingMessage, res: ServerResponse, fault: '5xx' | '429' | 'reset'): void {
    if (fault === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault === '429') {
      bump(this.stats.current.errors, '36009002');
      const headers: Record<string, string> = this.injected429++ % 2 === 0 ? { 'retry-after': '1' } : {};
      this.transport.send(res, { status: 429, body: this.replies.envelope(36009002, 'Too many requests, please retry later', null), headers });
      return;
    }
    bump(this.stats.current.errors, '36009003');
    const status = this.rng.chance(0.5) ? 500 : 503;
    this.transport.send(res, { status, body: this.replies.envelope(36009003, 'Internal error, please retry later', null) });
  }

  /**
   * A fault on the token service never lets the refresh happen: a rotation whose reply is lost would retire
   * the only refresh token the tap has, and no client can recover from that (the seller must re-authorize).
   * Whether TikTok's service can lose a reply after rotating is unknown (§1.2); the sandbox does not model it.
   */
  failAuth(req: IncomingMessage, res: ServerResponse, fault: 'slow' | 'truncated'): void {
    this.transport.later(fault === 'slow' ? this.opts.slowMs : 0, () => {
      if (fault === 'truncated') {
        res.writeHead(503, { 'content-type': 'application/json' });
        res.end('{"code":36009003,"mess');
      } else {
        req.socket.destroy();
      }
    });
  }

  /** Delivers a handled reply damaged by a 'slow' (late, or never: reset) or 'truncated' (half a body) fault. */
  deliverDamaged(req: IncomingMessage, res: ServerResponse, reply: Reply, fault: 'slow' | 'truncated'): void {
    if (fault === 'slow') {
      this.transport.later(this.opts.slowMs, () => {
        if (res.destroyed || res.writableEnded) return;
        if (this.rng.chance(0.5)) sendNow(res, reply);
        else req.socket.destroy();
      });
      return;
    }
    const body = typeof reply.body === 'string' ? Buffer.from(reply.body) : reply.body;
    const cut = body.subarray(0, Math.max(1, Math.floor(body.length / 2)));
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(cut);
  }
}
