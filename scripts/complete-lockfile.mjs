// After `npm install` here, run `npm run lockfile:complete` before committing package-lock.json.
//
// Why: the registry this project is built against lacks some platform builds of optional
// dependencies (e.g. @next/swc-darwin-arm64 at our version). npm then writes a lockfile without
// entries for them, and `npm ci` (CI) rejects that lockfile as incomplete. This adds the missing
// entries as optional packages; on Linux x64 they are never installed, and elsewhere npm fetches
// them from a registry that has them.
import { readFileSync, writeFileSync } from 'node:fs';
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
writeFileSync('package-lock.json', JSON.stringify(lock, null, 2) + '\n');
console.log('added', added);
