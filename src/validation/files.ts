/**
 * Where the build puts the validators it compiles (relative to the package folder): beside the built code, so
 * `npm pack` ships them (package.json "files" has dist/src/). CommonJS files (src/build-output.ts says why).
 */
export const VALIDATORS_DIR = 'dist/src/validators';

export const streamModuleFile = (stream: string): string => `${VALIDATORS_DIR}/stream-${stream}.cjs`;

export const SETTINGS_MODULE_FILE = `${VALIDATORS_DIR}/settings.cjs`;
