import type { CliOptions } from '../cli.js';

/**
 * The argument lists of everyday runs, read without an argument parser: `--version` alone, and any of `--about`,
 * `--discover`/`-d`, `--format F`, `--config`/`-c FILE` (repeatable), `--catalog`/`--properties`/`-p FILE` and
 * `--state`/`-s FILE` (what Meltano passes). They are answered without loading commander (and child_process with
 * it), so that `--about` and `--discover` start about as fast as Node itself and a sync a little sooner. Anything
 * else, or anything unusual in these (a repeated single-valued option, a value that looks like a flag, `--x=`
 * forms other than --format= and --config=), returns undefined and goes to commander, which decides as before:
 * tests/unit/cli/fast-args.test.ts checks that both read every list this one accepts the same way.
 */
export type FastArgs = { kind: 'version' } | { kind: 'options'; options: CliOptions };

const FORMATS = new Set(['text', 'json', 'markdown']);
const FLAGS: Record<string, 'about' | 'discover'> = { '--about': 'about', '--discover': 'discover', '-d': 'discover' };
const FILES: Record<string, 'catalog' | 'properties' | 'state'> = { '--catalog': 'catalog', '--properties': 'properties', '-p': 'properties', '--state': 'state', '-s': 'state' };

export function fastArgs(argv: readonly string[]): FastArgs | undefined {
  if (argv.length === 1 && argv[0] === '--version') return { kind: 'version' };
  const options: CliOptions = { config: [], format: 'text' };
  let format: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const flag = FLAGS[arg];
    const file = FILES[arg];
    if (flag) {
      options[flag] = true;
    } else if (arg === '--format' || arg.startsWith('--format=')) {
      const value = arg === '--format' ? argv[++i] : arg.slice('--format='.length);
      if (format !== undefined || value === undefined || !FORMATS.has(value)) return undefined;
      format = value;
    } else if (arg === '--config' || arg === '-c' || arg.startsWith('--config=')) {
      const value = arg.startsWith('--config=') ? arg.slice('--config='.length) : argv[++i];
      if (!plainValue(value)) return undefined;
      options.config.push(value);
    } else if (file) {
      const value = argv[++i];
      if (!plainValue(value) || options[file] !== undefined) return undefined;
      options[file] = value;
    } else {
      return undefined;
    }
  }
  if (format !== undefined) options.format = format as CliOptions['format'];
  return { kind: 'options', options };
}

const plainValue = (value: string | undefined): value is string => value !== undefined && value !== '' && !value.startsWith('-');
