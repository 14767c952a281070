import type { Writable } from 'node:stream';
import { TapError, EXIT } from '../errors.js';
import { asciiJson, escapeNonAscii } from './messages.js';

/**
 * Writes Singer messages to stdout, one JSON object per line. Lines are gathered into chunks (one write per
 * ~64 KiB instead of one per record) and `drain()` waits for the stream to take them, so memory stays flat
 * when the target is slow. When stdout closes (the target died: EPIPE), every later write fails with
 * OUTPUT_CLOSED so the sync stops promptly instead of producing into the void.
 */
const CHUNK_BYTES = 64 * 1024;

export class SingerWriter {
  private buffer: string[] = [];
  private bufferedChars = 0;
  private closedError: TapError | undefined;
  private waitingForDrain: Promise<void> | undefined;
  private recordLineWritten = false;
  private sealed = false;
  linesWritten = 0;

  constructor(private readonly out: Writable = process.stdout) {
    out.on('error', (error: NodeJS.ErrnoException) => {
      this.closedError = new TapError(
        'OUTPUT_CLOSED',
        error.code === 'EPIPE' ? 'stdout was closed (the target stopped reading)' : `cannot write to stdout: ${error.message}`,
        { hint: 'check why the target exited; the last STATE it confirmed is a safe place to resume', exitCode: EXIT.OUTPUT_CLOSED, scope: 'run' },
      );
      this.buffer = [];
      this.bufferedChars = 0;
    });
  }

  get closed(): boolean {
    return this.closedError !== undefined;
  }

  /**
   * Queues one RECORD line. Throws once stdout is gone; ignored once sealed. Record data may be UTF-8, except in
   * the first RECORD: Meltano before 3.3 reads a tap's output as ASCII up to and including it (`meltano config test`).
   */
  writeLine(line: string): void {
    if (!this.recordLineWritten) {
      this.recordLineWritten = true;
      this.queue(escapeNonAscii(line));
      return;
    }
    this.queue(line);
  }

  /** Queues a SCHEMA or STATE message, pure ASCII (non-ASCII characters escaped as \uXXXX). */
  writeMessage(message: object): void {
    this.queue(`${asciiJson(message)}\n`);
  }

  private queue(line: string): void {
    if (this.closedError) throw this.closedError;
    if (this.sealed) return;
    this.buffer.push(line);
    this.bufferedChars += line.length;
    this.linesWritten++;
    if (this.bufferedChars >= CHUNK_BYTES) this.flush();
  }

  /**
   * Writes `lastMessage` (a STATE) after everything queued and accepts nothing more: a stopping tap ends its output
   * on the STATE it chose, whatever its still-running tasks try to write afterwards (their bookmarks are not in
   * that STATE, so dropping their lines loses nothing).
   */
  seal(lastMessage: object): void {
    const lastLine = `${asciiJson(lastMessage)}\n`;
    if (this.sealed) return;
    if (!this.closedError) {
      this.buffer.push(lastLine);
      this.bufferedChars += lastLine.length;
      this.linesWritten++;
    }
    this.sealed = true;
    this.flush();
  }

  /** Hands buffered lines to the stream without waiting. */
  flush(): void {
    if (this.closedError || this.buffer.length === 0) return;
    const chunk = this.buffer.join('');
    this.buffer = [];
    this.bufferedChars = 0;
    const accepted = this.out.write(chunk);
    if (!accepted && !this.waitingForDrain) {
      this.waitingForDrain = new Promise<void>((resolve) => {
        const done = (): void => {
          this.out.off('drain', done);
          this.out.off('close', done);
          this.out.off('error', done);
          this.waitingForDrain = undefined;
          resolve();
        };
        this.out.on('drain', done);
        this.out.on('close', done);
        this.out.on('error', done);
      });
    }
  }

  /**
   * Waits until the stream has handed every byte to the OS (not just until it accepts more), so that a
   * process ending next leaves whole lines behind. Resolves early if stdout closes.
   */
  async settled(): Promise<void> {
    this.flush();
    while (!this.closedError && !this.out.destroyed && this.out.writableLength > 0) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Flushes, then waits until the stream has taken everything (backpressure). */
  async drain(): Promise<void> {
    this.flush();
    if (this.waitingForDrain) await this.waitingForDrain;
    if (this.closedError) throw this.closedError;
  }
}
