import type { NextConfig } from 'next';
import packageJson from './package.json' with { type: 'json' };

const nextConfig: NextConfig = {
  // Railway runs `node .next/standalone/server.js` (see railway.json): a small, self-contained server.
  output: 'standalone',
  poweredByHeader: false,
  // `next dev` refuses its HMR socket and dev assets to origins other than the one it listens
  // on; opened as http://127.0.0.1:3000 (or localhost, whichever it is not), hot reload broke.
  allowedDevOrigins: ['127.0.0.1', 'localhost'],
  // Reported by /api/health; fixed at build time so the standalone server knows it too.
  env: { APP_VERSION: process.env.APP_VERSION ?? packageJson.version },
  // Loaded by Node at run time, not bundled: PGlite ships WASM and data files beside its code.
  serverExternalPackages: ['@electric-sql/pglite', 'pg', 'pino'],
  // Files read at run time that tracing cannot see: the SQL migrations and PGlite's WASM bundle.
  outputFileTracingIncludes: {
    '/**': ['./supabase/migrations/*.sql', './supabase/local/*.sql', './node_modules/@electric-sql/pglite/dist/**/*'],
  },
};

export default nextConfig;
