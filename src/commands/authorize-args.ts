/** Kept apart from authorize-cli.ts so that every run of the CLI can look for the word without loading authorize. */

/**
 * `tap-tiktok-shop [singer options] authorize [options]`. Meltano's `invoke` puts its own arguments first
 * (`--config <tmp> [--catalog …] [--state …]`, meltano/meltano plugin_invoker.py `exec_args`), the user's after
 * the word, so options before `authorize` are the tap's usual ones and those after are authorize's: `--state`
 * after the word is the OAuth state, before it Meltano's state file (ignored here).
 */
const VALUE_OPTIONS = new Set(['-c', '--config', '--catalog', '-p', '--properties', '-s', '--state', '--format', '--log-level', '--log-format']);

export function splitAuthorize(argv: readonly string[]): { before: string[]; after: string[] } | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') return undefined;
    if (arg === 'authorize') return { before: argv.slice(0, i), after: argv.slice(i + 1) };
    if (VALUE_OPTIONS.has(arg)) i += 1;
  }
  return undefined;
}
