import type { LoadedConfig } from '../config.js';
import type { Logger } from '../log.js';
import { stateMessage } from '../singer/messages.js';
import type { Selection } from '../singer/selection.js';
import { StateManager } from '../singer/state.js';
import { SingerWriter } from '../singer/writer.js';
import { TAP_DECLARATIONS, TAP_STREAMS } from '../streams/table.js';
import { SyncRun } from '../sync/run.js';
import { EXIT } from '../errors.js';
import { clientFromConfig } from './client.js';
import { sellersClient, type SellersClient } from './sellers-client.js';
import { endBySignal, flushed, settleWithin } from './stop.js';

export interface SyncCommand {
  loaded: LoadedConfig;
  selection: Selection;
  stateInput: unknown;
  statePath: string;
  logger: Logger;
}

/**
 * Sync mode. SIGTERM/SIGINT stop the run with the last safe STATE as the final line: bookmarks only ever cover
 * pages whose records were written, so whatever was in flight is simply read again on resume. The tap then
 * waits, at most `stop_timeout` seconds, for the target to take what is queued (a slow target must not get a
 * half line) and for an in-flight token refresh to be saved (the refresh token has rotated), and ends by the
 * signal itself, so its parent sees a signal death (`meltano config test` below 3.5 counts only that as a pass).
 */
export async function runSyncCommand(command: SyncCommand): Promise<number> {
  const { loaded, selection, logger } = command;
  const state = new StateManager(TAP_STREAMS, command.stateInput, command.statePath, Math.floor(Date.now() / 1000), logger, loaded.config.time_format);
  const writer = new SingerWriter(process.stdout);
  // `sellers`: one client per seller's grant, behind one client whose shops are all of theirs (sellers-client.ts).
  const sellers = loaded.config.sellers ? await sellersClient(loaded, logger) : undefined;
  const client = sellers ?? (await clientFromConfig(loaded, logger));
  const run = new SyncRun(TAP_DECLARATIONS, { config: loaded.config, selection, state, writer, logger, client });
  const timeoutMs = loaded.config.stop_timeout * 1000;

  let stopping: Promise<never> | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn(`received ${signal} again: ending now`);
      endBySignal(signal);
      return;
    }
    logger.warn(`received ${signal}: writing the last safe STATE and stopping (within ${loaded.config.stop_timeout} s)`);
    run.stop();
    // The STATE is taken and queued in one synchronous step: it covers exactly the lines queued before it.
    writer.seal(stateMessage(state.snapshot()));
    stopping = (async (): Promise<never> => {
      // The log lines too (this warning, the last METRICs): stderr may queue writes like stdout.
      const finished = await settleWithin(timeoutMs, [writer.settled(), client.pendingTokenWrite(), flushed(process.stderr)]);
      if (!finished) {
        logger.warn(`the target did not take the output, or a token refresh did not finish, within stop_timeout (${loaded.config.stop_timeout} s): ending anyway`);
      }
      return endBySignal(signal);
    })();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  try {
    const code = await run.run();
    if (stopping) await stopping;
    return sellers ? withSkippedSellers(code, sellers, logger) : code;
  } catch (error) {
    // A run that fails while stopping (the writer is sealed, a request was cut) still ends by the signal.
    if (stopping) await stopping;
    throw error;
  } finally {
    if (!stopping) {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
    }
  }
}

/** A run that skipped a seller (its grant failed) synced only part of what was asked: exit 3 at least, said once. */
function withSkippedSellers(code: number, sellers: SellersClient, logger: Logger): number {
  if (sellers.skipped.length === 0) return code;
  logger.error(`summary: ${sellers.skipped.length} of ${sellers.sellers.length} seller(s) skipped, their grant failed: ${sellers.skipped.map((s) => s.label).join(', ')}; re-authorize them (exit code 3)`);
  return code === EXIT.OK ? EXIT.PARTIAL : code;
}
