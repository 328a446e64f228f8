import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPgliteDatabase } from '@/lib/db/pglite';
import { fileCleanups } from '../helpers/file-cleanups';
import { createEmptyDatabase, testBackend } from '../helpers/database';
import {
  TWO_CUSTOMER_BOOK,
  commandEnv,
  errorLines,
  isLocked,
  lockFileOf,
  PROJECT_ROOT,
  runNpmScript,
  stopProcess,
  waitForOutput,
} from '../helpers/processes';

/**
 * The command-line scripts as a person runs them (`npm run …`, real processes) on the embedded
 * database: a fresh folder, a folder another process holds, a lock left by a killed process. On
 * the server backend: a database nobody has migrated yet.
 */
const { cleanups, temporaryFolder } = fileCleanups();

/** Another process holding the embedded database in `dataDir`, as the app or a script would. */
async function startHolder(dataDir: string) {
  const holder = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/hold-embedded-database.mts', path.join(dataDir, 'pglite')], {
    cwd: PROJECT_ROOT,
    env: commandEnv({}),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  cleanups.push(() => stopProcess(holder, 'SIGKILL'));
  const [, pid] = await waitForOutput(holder, /holding (\d+)/);
  expect(Number(pid)).toBe(holder.pid);
  return holder;
}

const inUseMessage = (script: string, dataDir: string, pid: number, command: string) =>
  `${script} failed: The embedded database in ${path.join(dataDir, 'pglite')} is in use by process ${pid} (${command}) — stop it, or set DATABASE_URL to use a PostgreSQL server.`;

// Each test starts Node processes (tsx, PGlite): seconds on an idle machine, more on a busy one.
describe('command-line scripts and the embedded database', { timeout: 240_000 }, () => {
  if (testBackend() === 'pglite') {
    it('on a fresh folder, creates, migrates and seeds the database as the app would, then imports', async () => {
      const dataDir = temporaryFolder('cs-cli-fresh-');
      const file = path.join(dataDir, 'book.csv');
      writeFileSync(file, TWO_CUSTOMER_BOOK);

      const result = await runNpmScript('import', [file, '--agency', 'second-agency'], { DATA_DIR: dataDir });

      expect(errorLines(result)).toEqual([]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('No embedded database yet: creating it with the demo agencies');
      expect(result.stdout).toMatch(/customers 2 created/);
      expect(isLocked(dataDir)).toBe(false);
      // What the app will open there: the import, and the demo book its first start would have loaded.
      const db = await createPgliteDatabase(path.join(dataDir, 'pglite'));
      try {
        const counts = await db.query<{ slug: string; customers: number }>(
          `select a.slug, count(c.id) as customers from agencies a left join customers c on c.agency_id = a.id group by a.slug order by a.slug`,
        );
        expect(counts).toEqual([
          { slug: 'demo-agency', customers: expect.any(Number) },
          { slug: 'second-agency', customers: 2 },
        ]);
        expect(counts[0]!.customers).toBeGreaterThan(2000);
      } finally {
        await db.close();
      }
    });

    it('tells a second process which process holds the folder; SIGTERM to the holder releases it', async () => {
      const dataDir = temporaryFolder('cs-cli-lock-');
      const holder = await startHolder(dataDir);

      const result = await runNpmScript('db:check', [], { DATA_DIR: dataDir });

      expect(result.code).toBe(1);
      expect(errorLines(result)).toEqual([inUseMessage('db:check', dataDir, holder.pid!, 'node hold-embedded-database.mts')]);
      expect(isLocked(dataDir)).toBe(true);

      await stopProcess(holder, 'SIGTERM');
      expect(holder.signalCode).toBe('SIGTERM');
      expect(isLocked(dataDir)).toBe(false);
    });

    it('takes over a lock left by a killed process', async () => {
      const dataDir = temporaryFolder('cs-cli-stale-');
      const holder = await startHolder(dataDir);
      await stopProcess(holder, 'SIGKILL');
      expect(JSON.parse(readFileSync(lockFileOf(dataDir), 'utf8')).pid).toBe(holder.pid);

      const result = await runNpmScript('db:migrate', [], { DATA_DIR: dataDir });

      expect(errorLines(result)).toEqual([]);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/Applied \d+ migration\(s\)/);
      expect(isLocked(dataDir)).toBe(false);
    });

    it('takes over a lock whose PID now belongs to another program (a restarted machine or container)', async () => {
      const dataDir = temporaryFolder('cs-cli-reused-');
      // This test runner is alive, but it started after the process that wrote this lock.
      const stale = { pid: process.pid, startTicks: '1', command: 'npm start', since: '2026-01-01T00:00:00.000Z' };
      writeFileSync(lockFileOf(dataDir), JSON.stringify(stale));

      const result = await runNpmScript('db:migrate', [], { DATA_DIR: dataDir });

      expect(errorLines(result)).toEqual([]);
      expect(result.code).toBe(0);
      expect(isLocked(dataDir)).toBe(false);
    });
  } else {
    it('on a server database nobody migrated, says to run db:migrate, in one line', async () => {
      const test = await createEmptyDatabase();
      cleanups.push(() => test.drop());

      const refused = await runNpmScript('insights:refresh', ['full'], { DATABASE_URL: test.url! });

      expect(refused.code).toBe(1);
      expect(errorLines(refused)).toEqual([
        expect.stringMatching(
          /^insights:refresh failed: The database at DATABASE_URL lacks \d+ migration\(s\), starting with (local\/\d{2}_\w+|\d{14}_\w+)\.sql: run npm run db:migrate first\.$/,
        ),
      ]);

      expect((await runNpmScript('db:migrate', [], { DATABASE_URL: test.url! })).code).toBe(0);
      const refreshed = await runNpmScript('insights:refresh', ['full'], { DATABASE_URL: test.url! });
      expect(errorLines(refreshed)).toEqual([]);
      expect(refreshed.code).toBe(0);
    });
  }
});
