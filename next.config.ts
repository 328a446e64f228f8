import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Railway runs `node .next/standalone/server.js` (see railway.json): a small, self-contained server.
  output: 'standalone',
  poweredByHeader: false,
  // Loaded by Node at run time, not bundled: PGlite ships WASM and data files beside its code.
  serverExternalPackages: ['@electric-sql/pglite', 'pg', 'pino'],
  // Files read at run time that tracing cannot see: the SQL migrations and PGlite's WASM bundle.
  outputFileTracingIncludes: {
    '/**': ['./supabase/migrations/*.sql', './supabase/local/*.sql', './node_modules/@electric-sql/pglite/dist/**/*'],
  },
};

export default nextConfig;
