import { execFileSync } from 'node:child_process';
import type { NextConfig } from 'next';
import packageJson from './package.json' with { type: 'json' };
import { HSTS, STATIC_SECURITY_HEADERS } from './src/lib/api/security-headers';

/**
 * The commit being built, so the standalone server knows its release (health, error reports)
 * where the platform does not say it at run time: the platform's variable, else git, else none.
 */
function buildCommit(): string | undefined {
  const fromPlatform = process.env.RAILWAY_GIT_COMMIT_SHA ?? process.env.SOURCE_COMMIT;
  if (fromPlatform) return fromPlatform;
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/*
 * Not wrapped in @sentry/nextjs's withSentryConfig, on purpose. Under Turbopack it injects no
 * code (the SDK starts from src/instrumentation.ts and src/instrumentation-client.ts); what it
 * would add is source-map upload with the Sentry CLI (needs network and SENTRY_AUTH_TOKEN at build
 * time, which offline builds and CI do not have) and its tunnelRoute, whose upstream is fixed at
 * build time from a sentry.io DSN and cannot be a self-hosted or local ingest chosen at run time
 * (our own tunnel is src/app/api/monitoring/route.ts). Wrap it, with `sourcemaps` and `authToken`,
 * when a deploy pipeline uploads source maps.
 */
const nextConfig: NextConfig = {
  // Railway runs `node .next/standalone/server.js` (see railway.json): a small, self-contained server.
  output: 'standalone',
  poweredByHeader: false,
  // The Sentry SDK's debug logging and tracing are never used here (no tracing is configured):
  // replaced at build time so the minifier leaves them out of its chunks (server and browser).
  compiler: { define: { __SENTRY_DEBUG__: false, __SENTRY_TRACING__: false } },
  experimental: {
    // The stylesheet (6 KB) goes into the HTML: the first paint needs no second request, so a
    // phone on a slow network sees the page before any script runs.
    inlineCss: true,
  },
  // `next dev` refuses its HMR socket and dev assets to origins other than the one it listens
  // on; opened as http://127.0.0.1:3000 (or localhost, whichever it is not), hot reload broke.
  allowedDevOrigins: ['127.0.0.1', 'localhost'],
  // Reported by /api/health; fixed at build time so the standalone server knows it too.
  env: { APP_VERSION: process.env.APP_VERSION ?? packageJson.version, APP_COMMIT: buildCommit() ?? '' },
  // Loaded by Node at run time, not bundled: PGlite ships WASM and data files beside its code;
  // prom-client once per process, whichever route chunk asks for it.
  serverExternalPackages: ['@electric-sql/pglite', 'pg', 'pino', 'prom-client'],
  // Files read at run time that tracing cannot see: the SQL migrations and PGlite's WASM bundle.
  // The same security headers on the framework's own responses (static files, its 404s and
  // error pages), which the proxy does not see; pages and API routes get them from the proxy.
  // "Migration" means database migrations only: the tier movement page and its API had that
  // name before, and links and API clients that kept the old address still arrive.
  async redirects() {
    return [
      { source: '/analytics/segmentation/migration', destination: '/analytics/segmentation/movement', permanent: true },
      { source: '/api/analytics/segmentation/migration', destination: '/api/analytics/segmentation/movement', permanent: true },
    ];
  },
  async headers() {
    const all = Object.entries(STATIC_SECURITY_HEADERS).map(([key, value]) => ({ key, value }));
    return [
      { source: '/:path*', headers: all },
      // Railway's edge terminates TLS and says so; over plain HTTP, HSTS means nothing.
      {
        source: '/:path*',
        has: [{ type: 'header', key: 'x-forwarded-proto', value: 'https' }],
        headers: [{ key: HSTS.name, value: HSTS.value }],
      },
    ];
  },
  outputFileTracingIncludes: {
    '/**': ['./supabase/migrations/*.sql', './supabase/local/*.sql', './node_modules/@electric-sql/pglite/dist/**/*'],
  },
};

export default nextConfig;
