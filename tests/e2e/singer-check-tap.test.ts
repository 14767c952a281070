import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/index.js';
import { STREAM_NAMES } from '../../src/streams/table.js';
import { checkTapProblem } from '../unit/singer/check-tap-rule.js';
import { parseMessages, runTap, tempDir, type SingerMessage } from './run-tap.js';
import { briskSandboxConfig } from './sandbox-config.js';

/**
 * singer-check-tap's checks over a real sync of every stream (built binary vs sandbox): each RECORD valid against
 * its stream's latest SCHEMA, and its date-time rule (tests/unit/singer/check-tap-rule.ts) never tripped.
 */
function problemsOf(messages: SingerMessage[]): { streams: Set<string>; problems: string[] } {
  const ajv = new Ajv({ strict: false, allErrors: false });
  addFormats.default(ajv);
  const schemas = new Map<string, object>();
  const streams = new Set<string>();
  const problems: string[] = [];
  for (const message of messages) {
    if (message.type === 'SCHEMA') schemas.set(message.stream!, message.schema!);
    if (message.type !== 'RECORD') continue;
    const schema = schemas.get(message.stream!);
    if (!schema) {
      problems.push(`${message.stream}: a record before its schema`);
      continue;
    }
    streams.add(message.stream!);
    const crash = checkTapProblem(schema, message.record!);
    if (crash) problems.push(`${message.stream}: ${crash}`);
    if (!ajv.validate(schema, message.record)) problems.push(`${message.stream}: ${ajv.errorsText()}`);
    if (problems.length > 5) break;
  }
  return { streams, problems };
}

describe('singer-check-tap accepts the output (built binary vs sandbox, every stream)', () => {
  let sandbox: SandboxHandle;
  let dir: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 11, shops: 1, orders: 120, products: 10, days: 30 });
    dir = tempDir();
  });

  afterAll(async () => {
    await sandbox.close();
  });

  test.each([
    ['defaults', {}],
    ['time_format unix', { time_format: 'unix' }],
    ['package_detail (pickup slots filled in)', { package_detail: true }],
  ])('%s', async (_name, extra) => {
    const run = await runTap(['--config', briskSandboxConfig(sandbox, dir, extra)]);
    expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr.slice(-2000) }).toEqual({ code: 0, stderr: '' });
    const { streams, problems } = problemsOf(parseMessages(run.stdout));
    expect(problems).toEqual([]);
    // Every stream with records was checked; the sandbox gives each stream some.
    expect([...streams].sort()).toEqual([...STREAM_NAMES].sort());
  }, 180_000);
});
