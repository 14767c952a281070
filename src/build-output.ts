import { createRequire } from 'node:module';

/**
 * Loads a module the build generated (dist/src/validators/, dist/src/prepared/) by its absolute path. They are
 * CommonJS and required, not imported, so a sync or --discover never starts Node's ES module loader for them: on
 * Node 20 that loader's start-up costs more than a small module's own code (issue 16, scripts/bundle.mjs).
 */
const requireHere = createRequire(import.meta.url);

export const requireBuildOutput = <T>(path: string): T => requireHere(path) as T;
