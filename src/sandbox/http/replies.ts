/** The response envelope `{code, message, request_id, data}` and request ids shaped like TikTok's. */
import { ApiError, type Reply } from './api-error.js';
import { bump, type StatsBox } from './stats.js';

const CLOSE_BRACE = Buffer.from('}');

export class Replies {
  private requestCounter = 0;
  private stamp = { second: -1, text: '' };

  constructor(private readonly stats: StatsBox) {}

  envelope(code: number, message: string, data: string | null): string {
    return `{"code":${code},"message":${JSON.stringify(message)},"request_id":"${this.requestId()}","data":${data ?? 'null'}}`;
  }

  /** A success reply; `data` given as bytes is spliced in without re-encoding (pages of cached orders). */
  ok(data: string | Buffer): Reply {
    if (typeof data === 'string') return { status: 200, body: this.envelope(0, 'Success', data) };
    const head = Buffer.from(`{"code":0,"message":"Success","request_id":"${this.requestId()}","data":`);
    return { status: 200, body: Buffer.concat([head, data, CLOSE_BRACE], head.length + data.length + 1) };
  }

  error(error: unknown): Reply {
    if (error instanceof ApiError) {
      bump(this.stats.current.errors, String(error.code));
      return { status: error.status, body: this.envelope(error.code, error.message, null), headers: error.headers };
    }
    bump(this.stats.current.errors, '36009003');
    return { status: 500, body: this.envelope(36009003, `Internal error: ${(error as Error).message}`, null) };
  }

  private requestId(): string {
    const now = Date.now();
    const second = Math.floor(now / 1000);
    if (second !== this.stamp.second) {
      const d = new Date(second * 1000).toISOString();
      this.stamp = { second, text: d.slice(0, 19).replace(/[-T:]/g, '') };
    }
    this.requestCounter++;
    return this.stamp.text + this.requestCounter.toString(16).toUpperCase().padStart(10, '0')
      + Math.floor(Math.random() * 0xffffffff).toString(16).toUpperCase().padStart(8, '0');
  }
}
