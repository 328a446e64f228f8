// The production build on a fresh, throwaway embedded database, for the end-to-end tests.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const port = process.argv[2] ?? '3210';
const server = path.resolve('.next/standalone/server.js');
if (!existsSync(server)) {
  console.error('No production build: run `npm run build` before the end-to-end tests.');
  process.exit(1);
}
const dataDir = mkdtempSync(path.join(tmpdir(), 'cs-e2e-'));
const child = spawn(process.execPath, [server], {
  cwd: path.dirname(server),
  stdio: 'inherit',
  env: {
    ...process.env,
    NODE_ENV: 'production',
    PORT: port,
    HOSTNAME: '127.0.0.1',
    DATA_DIR: dataDir,
    DATABASE_URL: '',
    NEXT_PUBLIC_SUPABASE_URL: '',
    NEXT_TELEMETRY_DISABLED: '1',
    // tests/e2e/metrics.spec.ts scrapes /api/metrics with it.
    METRICS_TOKEN: 'e2e-metrics-token-0123456789',
    // Error reports: off, unless a spec starts a server of its own pointed at its ingest receiver
    // (tests/e2e/sentry.spec.ts); a SENTRY_DSN of the shell never reaches the e2e server.
    SENTRY_DSN: process.env.E2E_SENTRY_DSN ?? '',
    SENTRY_ENVIRONMENT: process.env.E2E_SENTRY_DSN ? 'e2e' : '',
  },
});
const stop = () => child.kill('SIGTERM');
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
child.on('exit', (code) => {
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(code ?? 0);
});
