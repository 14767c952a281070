import { EXIT, TapError } from '../errors.js';

/**
 * A reply nested thousands of levels deep parses (JSON.parse does not recurse), but serializing or checking it does,
 * and the stack overflow it causes is a RangeError: left alone it would end the whole run as a tap bug. Seen while a
 * record of `endpoint` is written, it is the reply's fault: an error confined to the family (exit 2) naming the
 * endpoint and request_id, or undefined when `error` is something else.
 */
export function tooDeep(error: unknown, endpoint: string, requestId: string | undefined): TapError | undefined {
  if (!(error instanceof RangeError) || !/call stack/i.test(error.message)) return undefined;
  return new TapError('API_REPLY_TOO_DEEP', `${endpoint}: an item of the reply is nested too deeply to be written${requestId ? ` (request_id ${requestId})` : ''}`, {
    hint: 'the API sent a reply no real record has; report it with the request_id, or set invalid_record_action to "skip" to go on without such items',
    exitCode: EXIT.API,
  });
}
