import type { KnipConfig } from 'knip';

/**
 * knip (`npm run lint`): files, exports and dependencies nothing uses. Its Next.js, Vitest,
 * Playwright, ESLint and PostCSS plugins already take the app router files, src/proxy.ts,
 * src/instrumentation.ts, the tests and the config files as entry points; what they cannot see
 * is listed here.
 */
const config: KnipConfig = {
  entry: [
    // The CLIs: package.json starts most through tsx, but the benchmarks are passed as an
    // argument to scripts/bench-run.sh, which knip does not read.
    'scripts/*.mts',
    // Run as separate processes by the tests (spawned by path), not imported.
    'tests/helpers/*.mts',
    // Stands in for `server-only` in the tests: vitest.config.mts aliases it by path.
    'tests/helpers/empty-module.ts',
  ],
  // An export its own file also uses is a module's stated interface (a limit, a schema, a
  // header a test or a reader may name), not dead code; dead code is what nothing uses at all.
  ignoreExportsUsedInFile: true,
};

export default config;
