// After `npm install` here, run `npm run lockfile:complete` before committing package-lock.json.
//
// Why: the registry this project is built against lacks some platform builds of optional
// dependencies (e.g. @next/swc-darwin-arm64 at our version). npm then writes a lockfile without
// entries for them, and `npm ci` (CI) rejects that lockfile as incomplete. This adds the missing
// entries as optional packages.
//
// Each optional entry also needs the platforms it is for (`os`, `cpu`, `libc` from its manifest):
// without them `npm ci` installs every platform's build, 370 MB of macOS and Windows binaries on
// a Linux machine. They are read from the registry; an entry whose manifest cannot be read keeps
// what it has (npm then installs it if it can, and carries on if it cannot: it is optional).
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const pkgs = lock.packages;
let added = 0;
for (const [path, entry] of Object.entries(pkgs)) {
  for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
    // resolve as npm would: nested first, then hoisted
    const nested = `${path ? path + '/' : ''}node_modules/${name}`;
    if (pkgs[nested] || pkgs[`node_modules/${name}`]) continue;
    pkgs[`node_modules/${name}`] = { version: range, ...(entry.dev ? { dev: true } : {}), optional: true };
    added++;
  }
}

const PLATFORM_FIELDS = ['os', 'cpu', 'libc'];
const packageName = (path) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
const unplaced = Object.entries(pkgs).filter(([path, entry]) => path && entry.optional && !PLATFORM_FIELDS.some((field) => entry[field]));
let placed = 0;
await Promise.all(
  unplaced.map(async ([path, entry]) => {
    // The whole manifest: asking for the fields by name answers a bare value when only one exists.
    const { stdout } = await promisify(execFile)('npm', ['view', `${packageName(path)}@${entry.version}`, '--json'], {
      timeout: 60_000,
      maxBuffer: 16 * 2 ** 20,
    }).catch(() => ({ stdout: '' }));
    const manifest = stdout.trim() ? JSON.parse(stdout) : {};
    for (const field of PLATFORM_FIELDS) {
      const value = manifest[field];
      if (Array.isArray(value) && value.length > 0) entry[field] = value;
    }
    if (PLATFORM_FIELDS.some((field) => entry[field])) placed++;
  }),
);

writeFileSync('package-lock.json', JSON.stringify(lock, null, 2) + '\n');
console.log(`added ${added} missing optional entries; gave ${placed} of ${unplaced.length} optional entries their platforms`);
