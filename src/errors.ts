/**
 * Errors a user sees. Each has a stable `code`, a one-line message that says what is wrong, a hint that says
 * how to fix it, and the exit code the process ends with. Bulky context (responses, requests) is kept off
 * enumerable fields so that logging an error never dumps a body or a header.
 */
export const EXIT = {
  OK: 0,
  /** Bad input: CLI usage, config, state or catalog. */
  INPUT: 1,
  /** The API refused us in a way only a person can fix (credentials, scope, allow-list), or kept sending bad replies. */
  API: 2,
  /** Some shops failed (deactivated, no permission) while the others synced. */
  PARTIAL: 3,
  /** A record did not fit its schema. */
  RECORD: 4,
  /** Stdout closed under us: the target died. */
  OUTPUT_CLOSED: 5,
  /** Ended by SIGINT / SIGTERM after writing the last safe STATE (128 + signal number). */
  SIGINT: 130,
  SIGTERM: 143,
  /** A bug: something no error class describes. */
  INTERNAL: 70,
} as const;

/**
 * How far a failure reaches, which is what the engine decides recovery on (never on a message or an exit code):
 * `run` stops every shop (stdout closed), `shop` stops the shop it happened in while the others go on (a deactivated
 * shop or seller), `family` stops only the stream family it happened in (a missing scope for returns leaves orders to
 * sync). Errors that are not TapErrors are bugs and stop the run.
 */
export type FailureScope = 'run' | 'shop' | 'family';

export interface TapErrorOptions {
  hint?: string;
  exitCode?: number;
  cause?: unknown;
  /** Default `family`. */
  scope?: FailureScope;
}

export class TapError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly exitCode: number;
  readonly scope: FailureScope;

  constructor(code: string, message: string, options: TapErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TapError';
    this.code = code;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? EXIT.INPUT;
    this.scope = options.scope ?? 'family';
  }

  /** The one line printed for the user: what is wrong, then what to do. */
  userLine(): string {
    return this.hint ? `${this.message} — ${this.hint}` : this.message;
  }
}
