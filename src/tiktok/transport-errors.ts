/** How one exchange can fail below the API's envelope (src/tiktok/http.ts throws them, reply.ts reads them). */

/** No reply, or the reply broke off: connection refused or reset, a body cut short, a corrupt compressed body. */
export class TransportError extends Error {
  constructor(
    message: string,
    /** Node's error code (ECONNRESET, ECONNREFUSED, ENOTFOUND, Z_DATA_ERROR...), when there is one. */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

/** No complete reply within the request timeout; the exchange was abandoned. */
export class RequestTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no reply within ${timeoutMs} ms`);
    this.name = 'RequestTimeoutError';
  }
}

/** The reply body passed `limit` bytes (decoded); reading stopped there. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the reply body is larger than ${formatBytes(limit)} (decoded); reading stopped there`);
    this.name = 'BodyTooLargeError';
  }
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MiB` : `${bytes} bytes`;
}
