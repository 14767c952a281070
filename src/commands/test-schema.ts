import { EXIT } from '../errors.js';
import { log } from '../log.js';
import type { Selection } from '../singer/selection.js';
import type { TimeFormat } from '../singer/times.js';
import { SingerWriter } from '../singer/writer.js';
import { StreamOutput } from '../sync/stream-output.js';
import { STREAM_NAMES } from '../streams/table.js';

/** `--test=schema`: the SCHEMA message of every selected stream and nothing else. */
export async function printSchemas(selection: Selection, timeFormat: TimeFormat): Promise<number> {
  const writer = new SingerWriter();
  for (const name of STREAM_NAMES) {
    const choice = selection.get(name);
    if (!choice?.emit) continue;
    writer.writeMessage(new StreamOutput(name, choice, writer, log, 'fail', timeFormat).schemaMessage());
  }
  await writer.drain();
  return EXIT.OK;
}
