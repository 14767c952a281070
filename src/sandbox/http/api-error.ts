/** An API answer that is an error: its HTTP status, TikTok code and message (thrown, turned into a reply once). */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: number, message: string, readonly headers: Record<string, string> = {}) {
    super(message);
  }
}

export const param = (message: string): ApiError => new ApiError(400, 36009004, `Invalid param error: ${message}`);

export interface Reply {
  status: number;
  body: string | Buffer;
  headers?: Record<string, string>;
}
