/**
 * The argument lists commands/fast-args.ts answers without commander are read exactly as commander reads them:
 * every list of up to three of the tokens below, and a few longer ones (what Meltano passes), is compared.
 */
import { CommanderError } from 'commander';
import { fastArgs } from '../../../src/commands/fast-args.js';
import { buildProgram } from '../../../src/commands/program.js';
import { versionText } from '../../../src/package-root.js';

const TOKENS = ['--about', '--discover', '-d', '--version', '--format', 'json', 'yaml', '--format=markdown', '--format=', '--config', '-c', 'a.json',
  '--config=b.json', '--config=', '-x', '--catalog', '--properties', '-p', '--state', '-s', 'authorize', '--test', '--help'];

function lists(max: number): string[][] {
  let level: string[][] = [[]];
  const all: string[][] = [];
  for (let n = 1; n <= max; n++) {
    level = level.flatMap((list) => TOKENS.map((token) => [...list, token]));
    all.push(...level);
  }
  return all;
}

const LONGER = [
  ['--discover', '--config', 'a.json', '-c', 'b.json', '--config=c.json'],
  ['--about', '--format', 'json', '--about'],
  ['--format', 'markdown', '--about'],
  ['-d', '--config', 'ENV', '-d'],
  ['--discover', '--config', 'a.json', '--format', 'json'],
  ['--config', 'a.json', '--catalog', 'c.json', '--state', 's.json'],
  ['--config', 'a.json', '-p', 'c.json', '-s', 's.json', '-c', 'ENV'],
  ['--config', 'a.json', '--properties', 'c.json', '--catalog', 'd.json'],
  ['--state', 's.json', '--state', 't.json'],
  [],
];

/** What commander makes of a list: its options, or the code of what it threw (version, help, an error). */
function commander(argv: string[]): unknown {
  const program = buildProgram().configureOutput({ writeOut: () => {}, writeErr: () => {}, outputError: () => {} });
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.code;
    throw error;
  }
  return { ...program.opts() };
}

describe('arguments read without commander', () => {
  const cases = [...lists(3), ...LONGER];
  const answered = cases.filter((argv) => fastArgs(argv) !== undefined);

  test('are those of --version, --about, --discover and a sync as Meltano starts it', () => {
    expect(answered).toContainEqual(['--version']);
    expect(answered).toContainEqual(['--about', '--format', 'json']);
    expect(answered).toContainEqual(['-d', '--config=b.json']);
    expect(answered).toContainEqual(['--config', 'a.json', '--catalog', 'c.json', '--state', 's.json']);
    expect(answered.length).toBeGreaterThan(50);
    expect(fastArgs(['--config', 'a.json', '--test'])).toBeUndefined();
    expect(fastArgs(['authorize'])).toBeUndefined();
  });

  test('mean what commander makes of them', () => {
    for (const argv of answered) {
      const fast = fastArgs(argv)!;
      expect([argv, fast.kind === 'version' ? 'commander.version' : { ...fast.options }]).toEqual([argv, commander(argv)]);
    }
  });

  test('--version prints what commander prints', () => {
    let printed = '';
    const program = buildProgram().configureOutput({ writeOut: (text) => (printed += text) });
    expect(() => program.parse(['--version'], { from: 'user' })).toThrow(CommanderError);
    expect(printed).toBe(`${versionText()}\n`);
  });
});
