/**
 * Ending a process by a signal. A parent (Meltano, a shell, an orchestrator) tells "stopped as asked" from
 * "failed" by how its child died: re-raising the signal with the default handler is the only way to report it.
 */

const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 2, SIGTERM: 15 };

export function endBySignal(signal: NodeJS.Signals): never {
  process.removeAllListeners(signal); // the default handler again: the next delivery kills
  process.kill(process.pid, signal);
  // Only reached if the signal is ignored (inherited SIG_IGN): the shell's code for it, then.
  process.exit(128 + (SIGNAL_NUMBERS[signal] ?? 0));
}

/** Waits for all `tasks`, at most `timeoutMs`; true if they all settled in time. Rejections count as settled. */
export async function settleWithin(timeoutMs: number, tasks: Array<Promise<unknown>>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([Promise.allSettled(tasks).then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Resolves once `stream` has handed every queued byte to the OS. A pipe whose reader lags (a target, Meltano's log
 * reader) takes writes asynchronously, and a process that exits with bytes still queued loses them.
 */
export async function flushed(stream: NodeJS.WriteStream): Promise<void> {
  while (!stream.destroyed && stream.writableLength > 0) await new Promise((resolve) => setTimeout(resolve, 10));
}
