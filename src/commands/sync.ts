import type { LoadedConfig } from '../config.js';
import { EXIT } from '../errors.js';
import type { Logger } from '../log.js';
import { stateMessage } from '../singer/messages.js';
import type { Selection } from '../singer/selection.js';
import { StateManager } from '../singer/state.js';
import { SingerWriter } from '../singer/writer.js';
import { SyncRun } from '../sync.js';
import { clientFromConfig } from './client.js';

export interface SyncCommand {
  loaded: LoadedConfig;
  selection: Selection;
  stateInput: unknown;
  statePath: string;
  logger: Logger;
}

/**
 * Sync mode. SIGTERM/SIGINT end the run at once with the last safe STATE: bookmarks only ever cover pages
 * whose records were written, so whatever was in flight is simply read again on resume.
 */
export async function runSyncCommand(command: SyncCommand): Promise<number> {
  const { loaded, selection, logger } = command;
  const state = new StateManager(command.stateInput, command.statePath, Math.floor(Date.now() / 1000), logger, loaded.config.time_format);
  const writer = new SingerWriter(process.stdout);
  const client = clientFromConfig(loaded, logger);
  const run = new SyncRun({ config: loaded.config, selection, state, writer, logger, client });

  const onSignal = (signal: NodeJS.Signals): void => {
    logger.warn(`received ${signal}: writing the last safe STATE and stopping`);
    run.stop();
    try {
      writer.flush();
      if (!writer.closed) writer.writeMessage(stateMessage(state.snapshot()));
      writer.flush();
    } finally {
      process.exit(signal === 'SIGINT' ? EXIT.SIGINT : EXIT.SIGTERM);
    }
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  try {
    return await run.run();
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}
