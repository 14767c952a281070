import { EXIT } from '../errors.js';
import type { Selection } from '../singer/selection.js';
import { StreamFormat } from '../singer/stream-format.js';
import type { TimeFormat } from '../singer/times.js';
import { SingerWriter } from '../singer/writer.js';
import { TAP_STREAMS } from '../streams/table.js';

/** `--test=schema`: the SCHEMA message of every selected stream and nothing else. */
export async function printSchemas(selection: Selection, timeFormat: TimeFormat): Promise<number> {
  const writer = new SingerWriter();
  for (const def of TAP_STREAMS.all) {
    const choice = selection.get(def.name);
    if (!choice?.emit) continue;
    writer.writeMessage(new StreamFormat(def, { fields: choice.fields, timeFormat }).schemaMessage());
  }
  await writer.drain();
  return EXIT.OK;
}
