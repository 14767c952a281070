#!/usr/bin/env node
// Some npm registries (mirrors) serve only the platform binaries of the machines they serve, so `npm install`
// leaves the other platforms' optional binaries (jest's resolver, for one) out of package-lock.json, and
// `npm ci` then refuses the lock as out of sync. This adds each missing optional package as a platform-gated
// entry, which npm ci accepts and skips on other platforms. Run it after `npm install` changes the lock.
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const packages = lock.packages;
const CPUS = ['arm64', 'arm', 'x64', 'ia32', 'loong64', 'ppc64', 'riscv64', 's390x'];
const OSES = ['android', 'darwin', 'freebsd', 'linux', 'openharmony', 'win32', 'sunos', 'aix', 'netbsd', 'openbsd'];
const added = [];
for (const meta of Object.values(packages)) {
  for (const [name, version] of Object.entries(meta.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (packages[key]) continue;
    const parts = name.split('/').at(-1).split('-');
    const os = OSES.find((o) => parts.includes(o));
    const cpu = CPUS.find((c) => parts.includes(c));
    if (!os || !cpu) throw new Error(`cannot tell the platform of ${name}; add its lock entry by hand`);
    const libc = parts.includes('musl') || parts.includes('musleabihf') ? ['musl'] : parts.includes('gnu') || parts.includes('gnueabihf') ? ['glibc'] : undefined;
    packages[key] = { version, cpu: [cpu], ...(meta.dev ? { dev: true } : {}), ...(libc ? { libc } : {}), optional: true, os: [os] };
    added.push(name);
  }
}
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.error(added.length ? `package-lock.json: added ${added.length} platform-gated entries (${added.join(', ')})` : 'package-lock.json: complete');
