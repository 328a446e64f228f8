// The production build on a fresh, throwaway embedded database, for the end-to-end tests.
import { spawn, spawnSync } from 'node:child_process';
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
const databaseEnv = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', NEXT_PUBLIC_SUPABASE_URL: '' };
// Demo Agency with 36 months of history (the trends and comparison tests need it): the backfill
// seeds the fresh folder as the server's first start would, then computes the month-ends from
// policy dates. Running it where the seed already holds history changes nothing.
const backfill = spawnSync('npm', ['run', 'insights:backfill', '--', '--agency', 'demo-agency', '--months', '36'], {
  env: databaseEnv,
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (backfill.status !== 0) {
  console.error('Could not prepare the demo history for the end-to-end tests (npm run insights:backfill).');
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(1);
}
const child = spawn(process.execPath, [server], {
  cwd: path.dirname(server),
  stdio: 'inherit',
  env: { ...databaseEnv, NODE_ENV: 'production', PORT: port, HOSTNAME: '127.0.0.1', NEXT_TELEMETRY_DISABLED: '1' },
});
const stop = () => child.kill('SIGTERM');
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
child.on('exit', (code) => {
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(code ?? 0);
});
