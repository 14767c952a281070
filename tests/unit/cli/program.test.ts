/** The tap's flags, read by commander in-process: nothing here exits the test runner. */
import { jest } from '@jest/globals';
import { EXIT } from '../../../src/errors.js';
import { parseArguments } from '../../../src/commands/program.js';
import { versionText } from '../../../src/package-root.js';

function parse(argv: string[]) {
  let out = '';
  let err = '';
  const result = parseArguments(argv, { writeOut: (text) => (out += text), writeErr: (text) => (err += text) });
  return { result, out, err };
}

test('reads what Meltano passes, repeated --config in order', () => {
  const { result } = parse(['--config', 'a.json', '-c', 'b.json', '--catalog', 'cat.json', '--state', 'state.json']);
  expect(result).toMatchObject({ config: ['a.json', 'b.json'], catalog: 'cat.json', state: 'state.json', format: 'text' });
});

test('reads --about --format=json, --discover as -d, --test=schema and --properties', () => {
  expect(parse(['--about', '--format=json']).result).toMatchObject({ about: true, format: 'json' });
  expect(parse(['-d']).result).toMatchObject({ discover: true, config: [] });
  expect(parse(['--test=schema', '-p', 'props.json']).result).toMatchObject({ test: 'schema', properties: 'props.json' });
  expect(parse(['--test']).result).toMatchObject({ test: true });
});

test('--version and --help answer on the output given and end with exit 0', () => {
  const version = parse(['--version']);
  expect([version.result, version.out]).toEqual([EXIT.OK, `${versionText()}\n`]);
  const help = parse(['--help']);
  expect(help.result).toBe(EXIT.OK);
  expect(help.out).toContain('--config <file>');
  expect(help.out).toContain('authorize');
});

describe('arguments it refuses: exit 1 and one line on stderr naming what is wrong', () => {
  let stderr: string[];
  beforeEach(() => {
    stderr = [];
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => (stderr.push(String(chunk)), true));
  });
  afterEach(() => jest.restoreAllMocks());

  test.each([
    [['--bogus'], /unknown option '--bogus'.*see tap-tiktok-shop --help/],
    [['--about', '--format', 'yaml'], /argument 'yaml' is invalid.*text, json, markdown/],
    [['--log-level', 'loud'], /argument 'loud' is invalid/],
    [['--config'], /option '-c, --config <file>' argument missing/],
    [['extra'], /too many arguments/],
  ])('%j', (argv, line) => {
    const { result, out } = parse(argv);
    expect([result, out]).toEqual([EXIT.INPUT, '']);
    expect(stderr.join('')).toMatch(line);
    expect(stderr.join('').trim().split('\n')).toHaveLength(1);
  });
});
