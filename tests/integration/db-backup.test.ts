import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Database } from '@/lib/db';
import { lockDataFolder } from '@/lib/db/data-folder-lock';
import { createPgliteDatabase } from '@/lib/db/pglite';
import { fileCleanups } from '../helpers/file-cleanups';
import { createEmptyDatabase, createSeededDatabase, testBackend, type TestDatabase } from '../helpers/database';
import { errorLines, runNpmScript } from '../helpers/processes';

/**
 * npm run db:backup and db:restore as an engineer runs them (real processes): on a PostgreSQL
 * server, pg_dump/pg_restore; on the embedded default, a copy of the data folder.
 */
const { cleanups, temporaryFolder } = fileCleanups();

/** What an engineer would compare after a restore: the rows of the tables that matter, and the figures. */
async function contents(db: Database) {
  const [counts] = await db.query<{
    agencies: number;
    customers: number;
    policies: number;
    history: number;
    audit_events: number;
    users: number;
  }>(
    `select (select count(*)::int from agencies) as agencies, (select count(*)::int from customers) as customers,
            (select count(*)::int from policies) as policies, (select count(*)::int from customer_tier_history) as history,
            (select count(*)::int from audit_events) as audit_events, (select count(*)::int from auth.users) as users`,
  );
  const tiers = await db.query(
    'select agency_id, tier, customers, annual_premium::text from customer_segment_totals order by agency_id, tier',
  );
  return { counts, tiers };
}

describe('db:backup and db:restore', { timeout: 300_000 }, () => {
  if (testBackend() === 'postgres') {
    let source: TestDatabase;
    let file: string;

    it('backs up a PostgreSQL database and restores it into a fresh one that passes db:check', async () => {
      source = await createSeededDatabase({ customers: 40 });
      cleanups.push(() => source.drop());
      file = path.join(temporaryFolder('cs-backup-'), 'book.dump');

      const backup = await runNpmScript('db:backup', [file], { DATABASE_URL: source.url! });
      expect(errorLines(backup)).toEqual([]);
      expect(backup.stdout).toMatch(/Backed up the PostgreSQL database \(DATABASE_URL\): \d+ tables, [\d.]+ MB in .*book\.dump\./);
      expect(backup.stdout + backup.stderr).not.toContain(source.url!);
      expect(existsSync(`${file}.partial`)).toBe(false);

      const target = await createEmptyDatabase();
      cleanups.push(() => target.drop());
      const restore = await runNpmScript('db:restore', [file], { DATABASE_URL: target.url! });
      expect(errorLines(restore)).toEqual([]);
      expect(restore.stdout).toMatch(/Restored .* into the PostgreSQL database \(DATABASE_URL\): \d+ tables, migrations up to \d{14}\./);

      const check = await runNpmScript('db:check', [], { DATABASE_URL: target.url! });
      expect(errorLines(check)).toEqual([]);
      expect(check.stdout).toContain('db:check passed');
      expect(await contents(target.db)).toEqual(await contents(source.db));
    });

    it('refuses a file that is not a backup, a damaged one, and a restore that fails part-way, leaving the database as it was', async () => {
      const target = await createEmptyDatabase();
      cleanups.push(() => target.drop());
      expect((await runNpmScript('db:restore', [file], { DATABASE_URL: target.url! })).code).toBe(0);
      const before = await contents(target.db);
      const refusal = (reason: string) =>
        new RegExp(
          `^db:restore failed: .* is not a backup made by npm run db:backup, or it is damaged \\(pg_restore cannot read it: ${reason}\\)\\.$`,
        );

      const csv = path.join(temporaryFolder('cs-not-backup-'), 'book.csv');
      writeFileSync(csv, 'customer_id,policy_number\nC1,P1\n');
      const notBackup = await runNpmScript('db:restore', [csv, '--replace'], { DATABASE_URL: target.url! });
      expect(notBackup.code).toBe(1);
      expect(errorLines(notBackup)).toEqual([expect.stringMatching(refusal('.*input file does not appear to be a valid archive.*'))]);

      const cut = path.join(temporaryFolder('cs-cut-backup-'), 'cut.dump');
      writeFileSync(cut, readFileSync(file).subarray(0, Math.floor(statSync(file).size * 0.7)));
      const damaged = await runNpmScript('db:restore', [cut, '--replace'], { DATABASE_URL: target.url! });
      expect(damaged.code).toBe(1);
      expect(errorLines(damaged)).toEqual([expect.stringMatching(refusal('.*end of file.*'))]);

      // Something of the database's own depends on a table the backup replaces: pg_restore cannot drop it,
      // stops, and its one transaction is rolled back, the parts it had already replaced included.
      await target.db.query('create view public.kept_customer_ids as select id from public.customers');
      const partWay = await runNpmScript('db:restore', [file, '--replace'], { DATABASE_URL: target.url! });
      expect(partWay.code).toBe(1);
      expect(errorLines(partWay)).toEqual([
        expect.stringMatching(
          /^db:restore failed: The restore failed and the database is unchanged: .*cannot drop .* because other objects depend on it/,
        ),
      ]);

      expect(await contents(target.db)).toEqual(before);
      expect(await target.db.query('select count(*)::int as n from public.kept_customer_ids')).toEqual([{ n: before.counts!.customers }]);
    });

    it('replaces a database holding agencies only when told to, and never overwrites a backup file', async () => {
      const target = await createEmptyDatabase();
      cleanups.push(() => target.drop());
      expect((await runNpmScript('db:restore', [file], { DATABASE_URL: target.url! })).code).toBe(0);
      const restored = await contents(target.db);
      await target.db.query(`insert into agencies (name, slug) values ('Added after the backup', 'added-after')`);

      const refused = await runNpmScript('db:restore', [file], { DATABASE_URL: target.url! });
      expect(refused.code).toBe(1);
      expect(errorLines(refused)).toEqual([
        'db:restore failed: The database at DATABASE_URL holds 3 agencies; restoring replaces everything in it. Run again with --replace to confirm.',
      ]);
      expect((await contents(target.db)).counts?.agencies).toBe(3);

      const replaced = await runNpmScript('db:restore', [file, '--replace'], { DATABASE_URL: target.url! });
      expect(errorLines(replaced)).toEqual([]);
      expect(await contents(target.db)).toEqual(restored);

      const again = await runNpmScript('db:backup', [file], { DATABASE_URL: source.url! });
      expect(again.code).toBe(1);
      expect(errorLines(again)).toEqual([
        `db:backup failed: ${file} already exists: choose a new file name, so no earlier backup is overwritten.`,
      ]);
    });
  } else {
    const openEmbedded = async (dataDir: string) => {
      const db = await createPgliteDatabase(path.join(dataDir, 'pglite'));
      // Each test closes what it opened; this is for one that failed before it could (closing twice throws).
      cleanups.push(() => db.close().catch(() => {}));
      return db;
    };

    // One data folder for both tests: a first start (migrate and seed) costs tens of seconds on a busy machine.
    const dataDir = temporaryFolder('cs-embedded-backup-');

    it('copies the embedded data folder while nobody holds it, and puts it back keeping the folder it replaces', async () => {
      // The app's first start, as a script makes it: migrated and seeded.
      expect((await runNpmScript('db:check', [], { DATA_DIR: dataDir })).stdout).toContain('db:check passed');
      const backupFolder = path.join(temporaryFolder('cs-embedded-copies-'), 'backup-1');

      const hold = lockDataFolder(path.join(dataDir, 'pglite'));
      const busy = await runNpmScript('db:backup', [backupFolder], { DATA_DIR: dataDir });
      hold();
      expect(busy.code).toBe(1);
      expect(errorLines(busy)).toEqual([
        expect.stringMatching(new RegExp(`^db:backup failed: The embedded database in .* is in use by process ${process.pid} `)),
      ]);
      expect(existsSync(backupFolder)).toBe(false);

      const backup = await runNpmScript('db:backup', [backupFolder], { DATA_DIR: dataDir });
      expect(errorLines(backup)).toEqual([]);
      expect(backup.stdout).toContain('The embedded database is a folder, so its backup is a copy of it');
      // The keys that open names and emails go with the database; the lock does not.
      expect(readdirSync(backupFolder).sort()).toEqual(
        ['pglite', 'pii-blind-index-key', 'pii-encryption-key', 'session-secret']
          .filter((name) => existsSync(path.join(dataDir, name)))
          .sort(),
      );

      const first = await openEmbedded(dataDir);
      const before = await contents(first);
      await first.query(`insert into agencies (name, slug) values ('Added after the backup', 'added-after')`);
      await first.close();

      const restore = await runNpmScript('db:restore', [backupFolder], { DATA_DIR: dataDir });
      expect(errorLines(restore)).toEqual([]);
      const keptAs = /The data folder as it was is kept in (\S+)\.$/m.exec(restore.stdout)?.[1];
      expect(keptAs).toBeDefined();
      cleanups.push(() => rmSync(keptAs!, { recursive: true, force: true }));

      const restored = await openEmbedded(dataDir);
      expect(await contents(restored)).toEqual(before);
      await restored.close();
      const kept = await openEmbedded(keptAs!);
      expect((await contents(kept)).counts?.agencies).toBe(before.counts!.agencies + 1);
      await kept.close();
    });

    it('refuses a folder that is not a backup, leaving the data folder as it was', async () => {
      const before = readdirSync(path.join(dataDir, 'pglite')).sort();
      const notBackup = path.join(temporaryFolder('cs-not-a-backup-'), 'photos');
      mkdirSync(notBackup);
      writeFileSync(path.join(notBackup, 'a.txt'), 'hello');

      const refused = await runNpmScript('db:restore', [notBackup], { DATA_DIR: dataDir });
      expect(refused.code).toBe(1);
      expect(errorLines(refused)).toEqual([
        `db:restore failed: ${notBackup} is not a backup of the embedded database (a folder made by npm run db:backup).`,
      ]);
      expect(readdirSync(path.join(dataDir, 'pglite')).sort()).toEqual(before);
      // Only the restore of the test before kept a folder aside.
      expect(readdirSync(path.dirname(dataDir)).filter((name) => name.startsWith(`${path.basename(dataDir)}.before-restore`))).toHaveLength(
        1,
      );
    });
  }
});
