import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding package.json and schemas/. Found by walking up from this file, because the code runs
 * both from src/ (tests) and from dist/src/ (the built CLI, or an installed package).
 */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'schemas'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('tap-tiktok-shop: cannot find the package folder (package.json and schemas/)');
    dir = parent;
  }
}

export const PACKAGE_ROOT = findRoot();

interface PackageJson {
  name: string;
  version: string;
  description: string;
  engines: { node: string };
}

export const PACKAGE: PackageJson = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as PackageJson;

/** What `--version` prints. */
export const versionText = (): string => `${PACKAGE.name} v${PACKAGE.version} (Node ${process.versions.node})`;
