import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/lib/db';
import { migrate } from '@/lib/db/migrate';
import { createPgliteDatabase } from '@/lib/db/pglite';
import { refreshAgency } from '@/lib/segmentation/refresh';
import { seedDemo } from '@/lib/seed/demo-seed';
import { createSeededDatabase, testBackend, type TestDatabase } from '../helpers/database';
import { DEMO_AGENCY_ID, SECOND_AGENCY_ID } from '../helpers/fixtures';
import { csv, importFile, validate } from '../helpers/import';
import { errorLines, runNpmScript } from '../helpers/processes';

/**
 * When an imported policy stops being in force (SPEC §6, §11): the cancellation_date column (its
 * aliases, both date forms, never before the effective date), and the day an import marked a
 * policy expired (policies.expired_on), kept from the first import that marked it; and the tiers
 * the import's refresh computes from them, today and looking back. Through the import's
 * pipeline here; the upload API in api-import.test.ts; `npm run import` at the end.
 */
/** The columns every file here has; the cancellation date's heading varies (its aliases). */
const HEADER = ['customer_id', 'policy_id', 'line_of_business', 'annual_premium', 'effective_date', 'status'];
const withCancellation = (heading: string, rows: string[][]) => csv([[...HEADER, heading], ...rows]);

describe(`policy end dates through the import, on ${testBackend()}`, () => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await createSeededDatabase({ customers: 10 });
  });
  afterAll(() => test.drop());

  const policies = (agencyId: string, prefix: string) =>
    test.db.query<{
      external_id: string;
      status: string;
      cancellation_date: string | null;
      expired_on: string | null;
      ends_on: string | null;
    }>(
      `select external_id, status::text, cancellation_date, expired_on, ends_on from policies
       where agency_id = $1 and external_id like $2 || '%' order by external_id`,
      [agencyId, prefix],
    );
  /** Everything an import may write to the agency's policies, timestamps included: equal means untouched. */
  const policiesFingerprint = async (agencyId: string) =>
    (
      await test.db.query<{ fp: string }>(`select md5(string_agg(p::text, ',' order by p.id)) as fp from policies p where agency_id = $1`, [
        agencyId,
      ])
    )[0]!.fp;
  /** Each customer's tier and in-force premium as the last refresh computed them (no tier: inactive). */
  const tiers = async (agencyId: string, prefix: string) =>
    Object.fromEntries(
      (
        await test.db.query<{ external_id: string; tier: string | null; annual_premium: string }>(
          `select c.external_id, i.tier::text, i.annual_premium from customers c join customer_insights i on i.customer_id = c.id
           where c.agency_id = $1 and c.external_id like $2 || '%'`,
          [agencyId, prefix],
        )
      ).map((row) => [row.external_id, `${row.tier ?? 'inactive'} ${row.annual_premium}`]),
    );

  describe('the cancellation date column', () => {
    const AGENCY = SECOND_AGENCY_ID;
    const usFile = csv([
      ['Client ID', 'Policy #', 'LOB', 'Premium', 'Eff Date', 'Policy Status', 'Cancel Date'],
      ['CA-1', 'CA-P1', 'Personal Auto', '1000', '1/15/2026', 'Cancelled', '3/15/2026'],
      ['CA-1', 'CA-P2', 'HO3', '800', '2026-02-01', 'canceled', '2026-04-30'],
      ['CA-2', 'CA-P3', 'Personal Auto', '500', '2026-01-10', 'Active', ''],
    ]);

    it('is read under its aliases, in ISO and M/D/YYYY form and in the D/M/YYYY order of a file that uses it, and committed', async () => {
      const us = await importFile(usFile, { db: test.db, agencyId: AGENCY, today: '2026-06-30' });
      expect(us.validated.job.options.mapping).toMatchObject({ cancellation_date: 'Cancel Date', status: 'Policy Status' });
      expect(us.validated.issues).toEqual([]);
      expect(us.summary.policies).toEqual({ created: 3, updated: 0, unchanged: 0, expired: 0 });
      expect(await policies(AGENCY, 'CA-')).toEqual([
        { external_id: 'CA-P1', status: 'cancelled', cancellation_date: '2026-03-15', expired_on: null, ends_on: '2026-03-15' },
        { external_id: 'CA-P2', status: 'cancelled', cancellation_date: '2026-04-30', expired_on: null, ends_on: '2026-04-30' },
        { external_id: 'CA-P3', status: 'active', cancellation_date: null, expired_on: null, ends_on: null },
      ]);

      // 20/1 and 28/2 can only be day-first: the analysis reads the file's order from every date column.
      const dayFirst = withCancellation('Cancelled On', [
        ['CB-1', 'CB-P1', 'auto', '700', '20/1/2026', 'lapsed', '28/2/2026'],
        ['CB-1', 'CB-P2', 'home', '600', '2026-01-20', 'cancelled', '2026-03-01'],
      ]);
      const dmy = await importFile(dayFirst, { db: test.db, agencyId: AGENCY, today: '2026-06-30' });
      expect(dmy.validated.job.options).toMatchObject({ dateOrder: 'dmy', mapping: { cancellation_date: 'Cancelled On' } });
      expect((await policies(AGENCY, 'CB-')).map((p) => [p.external_id, p.cancellation_date])).toEqual([
        ['CB-P1', '2026-02-28'],
        ['CB-P2', '2026-03-01'],
      ]);
    });

    it('imported again, changes nothing', async () => {
      const before = await policiesFingerprint(AGENCY);
      const { summary } = await importFile(usFile, { db: test.db, agencyId: AGENCY, today: '2026-07-01' });
      expect(summary.policies).toEqual({ created: 0, updated: 0, unchanged: 3, expired: 0 });
      expect(await policiesFingerprint(AGENCY)).toBe(before);
    });

    it('before the effective date is a row error naming the row, the column and why; the other rows import', async () => {
      const file = withCancellation('Cancelled On', [
        ['CE-1', 'CE-P1', 'auto', '300', '2026-03-01', 'cancelled', '2026-03-01'],
        ['CE-1', 'CE-P2', 'home', '400', '2026-03-01', 'cancelled', '2/28/2026'],
      ]);
      const { job, issues } = await validate(file, { db: test.db, agencyId: AGENCY });
      expect(job).toMatchObject({ rowsValid: 1, rowsInvalid: 1 });
      expect(issues).toEqual([
        expect.objectContaining({
          rowNumber: 3,
          column: 'Cancelled On',
          severity: 'error',
          code: 'cancellation-before-effective',
          message: 'Cancellation date 2026-02-28 is before the effective date 2026-03-01.',
          value: '2/28/2026',
        }),
      ]);
      const { summary } = await importFile(file, { db: test.db, agencyId: AGENCY, today: '2026-06-30' });
      expect(summary).toMatchObject({ rowsImported: 1, rowsSkipped: 1 });
      expect((await policies(AGENCY, 'CE-')).map((p) => [p.external_id, p.cancellation_date])).toEqual([['CE-P1', '2026-03-01']]);
    });

    it('is part of what a policy is: two rows of one policy that differ only there are both refused, not one kept at random', async () => {
      const file = withCancellation('cancel_date', [
        ['CD-1', 'CD-P1', 'auto', '300', '2026-03-01', 'cancelled', '2026-04-01'],
        ['CD-1', 'CD-P1', 'auto', '300', '2026-03-01', 'cancelled', '2026-05-01'],
      ]);
      const { job, issues } = await validate(file, { db: test.db, agencyId: AGENCY });
      expect(job).toMatchObject({ rowsValid: 0, rowsInvalid: 2 });
      expect(issues.map((issue) => [issue.rowNumber, issue.code])).toEqual([
        [2, 'duplicate-policy'],
        [3, 'duplicate-policy'],
      ]);
    });

    it('gives tiers that drop a policy cancelled in the past and keep one cancelled in the future until that day', async () => {
      const file = withCancellation('cancellation_date', [
        // Cancelled in May: only the auto policy is in force at the end of June.
        ['IN-1', 'IN-P1', 'auto', '6000', '2026-01-01', 'active', ''],
        ['IN-1', 'IN-P2', 'home', '5000', '2026-01-01', 'cancelled', '2026-05-01'],
        // Cancelled as of July 15 (a notice already sent): both count until then.
        ['IN-2', 'IN-P3', 'auto', '6000', '2026-01-01', 'cancelled', '2026-07-15'],
        ['IN-2', 'IN-P4', 'home', '5000', '2026-01-01', 'active', ''],
        // Still active, with its cancellation ahead.
        ['IN-3', 'IN-P5', 'auto', '2000', '2026-01-01', 'active', '7/15/2026'],
        // Cancelled on a day nobody knows: never in force (SPEC §11).
        ['IN-4', 'IN-P6', 'auto', '3000', '2026-01-01', 'cancelled', ''],
      ]);
      const { validated } = await importFile(file, { db: test.db, agencyId: AGENCY, today: '2026-06-30' });
      expect(validated.issues).toEqual([]);
      // Default rules: Elite P ≥ 10,000; Premium P ≥ 5,000; Standard P ≥ 1,500.
      const untilTheFifteenth = {
        'IN-1': 'premium 6000.00',
        'IN-2': 'elite 11000.00',
        'IN-3': 'standard 2000.00',
        'IN-4': 'inactive 0.00',
      };
      expect(await tiers(AGENCY, 'IN-')).toEqual(untilTheFifteenth);

      await refreshAgency(AGENCY, { mode: 'agency', asOf: '2026-07-14' }, test.db);
      expect(await tiers(AGENCY, 'IN-')).toEqual(untilTheFifteenth);
      await refreshAgency(AGENCY, { mode: 'agency', asOf: '2026-07-15' }, test.db);
      expect(await tiers(AGENCY, 'IN-')).toEqual({
        'IN-1': 'premium 6000.00',
        'IN-2': 'premium 5000.00',
        'IN-3': 'inactive 0.00',
        'IN-4': 'inactive 0.00',
      });
    });
  });

  describe('the day an import marked a policy expired', () => {
    const AGENCY = DEMO_AGENCY_ID;
    const ROWS = {
      p1: ['EX-1', 'EX-P1', 'auto', '1000', '2026-01-01', 'active'],
      p2: ['EX-1', 'EX-P2', 'home', '900', '2026-01-01', 'active'],
      p3: ['EX-2', 'EX-P3', 'auto', '700', '2025-05-01', 'expired'],
      p4: ['EX-3', 'EX-P4', 'umbrella', '400', '2026-02-01', 'active'],
    };
    const expiredOn = async () =>
      Object.fromEntries((await policies(AGENCY, 'EX-')).map((p) => [p.external_id, `${p.status} ${p.expired_on}`]));
    const activeElsewhere = async () =>
      (
        await test.db.query<{ n: number }>(
          `select count(*)::int as n from policies where agency_id = $1 and status = 'active' and external_id not like 'EX-%'`,
          [AGENCY],
        )
      )[0]!.n;

    it('is the import day for a row with status expired, and for what a replace import expires; a second replace keeps the first day', async () => {
      // June 1: a merge import; one policy arrives expired.
      await importFile(csv([HEADER, ROWS.p1, ROWS.p2, ROWS.p3, ROWS.p4]), { db: test.db, agencyId: AGENCY, today: '2026-06-01' });
      expect(await expiredOn()).toEqual({
        'EX-P1': 'active null',
        'EX-P2': 'active null',
        'EX-P3': 'expired 2026-06-01',
        'EX-P4': 'active null',
      });

      // June 10: the whole book is EX-P1 and EX-P3: everything else active is marked expired that day.
      const others = await activeElsewhere();
      const first = await importFile(csv([HEADER, ROWS.p1, ROWS.p3]), {
        db: test.db,
        agencyId: AGENCY,
        mode: 'replace',
        today: '2026-06-10',
      });
      expect(first.summary.policies).toEqual({ created: 0, updated: 0, unchanged: 2, expired: others + 2 });
      expect(await expiredOn()).toEqual({
        'EX-P1': 'active null',
        'EX-P2': 'expired 2026-06-10',
        'EX-P3': 'expired 2026-06-01',
        'EX-P4': 'expired 2026-06-10',
      });

      // June 20: the same whole book again: nothing newly expired, every first day kept.
      const second = await importFile(csv([HEADER, ROWS.p1]), { db: test.db, agencyId: AGENCY, mode: 'replace', today: '2026-06-20' });
      expect(second.summary.policies).toEqual({ created: 0, updated: 0, unchanged: 1, expired: 0 });
      expect(await expiredOn()).toEqual({
        'EX-P1': 'active null',
        'EX-P2': 'expired 2026-06-10',
        'EX-P3': 'expired 2026-06-01',
        'EX-P4': 'expired 2026-06-10',
      });
    });

    it('ends the policy that day: in force the day before, not from then on, in the tiers the refresh computes', async () => {
      // The June 20 import's refresh: EX-1 keeps its auto policy only; EX-2 and EX-3 have nothing in force.
      expect(await tiers(AGENCY, 'EX-')).toEqual({ 'EX-1': 'entry 1000.00', 'EX-2': 'inactive 0.00', 'EX-3': 'inactive 0.00' });
      // Looking back (what the history and the backfill compute): without the day, an expired
      // policy would count as never in force, and these customers as never having had it.
      await refreshAgency(AGENCY, { mode: 'agency', asOf: '2026-06-09' }, test.db);
      expect(await tiers(AGENCY, 'EX-')).toEqual({ 'EX-1': 'standard 1900.00', 'EX-2': 'inactive 0.00', 'EX-3': 'entry 400.00' });
      await refreshAgency(AGENCY, { mode: 'agency', asOf: '2026-05-31' }, test.db);
      expect(await tiers(AGENCY, 'EX-')).toEqual({ 'EX-1': 'standard 1900.00', 'EX-2': 'entry 700.00', 'EX-3': 'entry 400.00' });
      await refreshAgency(AGENCY, { mode: 'agency', asOf: '2026-06-10' }, test.db);
      expect(await tiers(AGENCY, 'EX-')).toEqual({ 'EX-1': 'entry 1000.00', 'EX-2': 'inactive 0.00', 'EX-3': 'inactive 0.00' });
    });

    it('is cleared when the policy comes back, kept when a file says expired again; the same file twice changes nothing', async () => {
      const file = csv([HEADER, ROWS.p2, [...ROWS.p4.slice(0, 5), 'Expired']]);
      const back = await importFile(file, { db: test.db, agencyId: AGENCY, today: '2026-06-25' });
      expect(back.summary.policies).toEqual({ created: 0, updated: 1, unchanged: 1, expired: 0 });
      expect(await expiredOn()).toEqual({
        'EX-P1': 'active null',
        'EX-P2': 'active null',
        'EX-P3': 'expired 2026-06-01',
        'EX-P4': 'expired 2026-06-10',
      });
      expect(await tiers(AGENCY, 'EX-')).toEqual({ 'EX-1': 'standard 1900.00', 'EX-2': 'inactive 0.00', 'EX-3': 'inactive 0.00' });

      const before = await policiesFingerprint(AGENCY);
      const again = await importFile(file, { db: test.db, agencyId: AGENCY, today: '2026-06-28' });
      expect(again.summary.policies).toEqual({ created: 0, updated: 0, unchanged: 2, expired: 0 });
      expect(await policiesFingerprint(AGENCY)).toBe(before);
    });
  });
  // A real `npm run import` process: on PGlite it needs a database in a folder, made here as the app's first start would.
  describe('from the command line', { timeout: 240_000 }, () => {
    let folder: string;
    beforeAll(() => {
      folder = mkdtempSync(path.join(tmpdir(), 'cs-import-ends-'));
    });
    afterAll(() => rmSync(folder, { recursive: true, force: true }));

    const cliDatabase = async (): Promise<{ env: Record<string, string>; db: () => Promise<Database>; close: () => Promise<void> }> => {
      if (test.backend === 'postgres') return { env: { DATABASE_URL: test.url! }, db: async () => test.db, close: async () => {} };
      const dataDir = path.join(folder, 'data');
      const seeded = await createPgliteDatabase(path.join(dataDir, 'pglite'));
      await migrate(seeded);
      await seedDemo(seeded, { asOf: '2026-06-30', customers: 0, withUsers: false });
      await seeded.close();
      let opened: Database | undefined;
      return {
        env: { DATA_DIR: dataDir },
        db: async () => (opened ??= await createPgliteDatabase(path.join(dataDir, 'pglite'))),
        close: async () => opened?.close(),
      };
    };

    it('names the row and the column of a cancellation before the effective date, and imports the dates of the valid rows', async () => {
      const file = path.join(folder, 'book.csv');
      writeFileSync(
        file,
        withCancellation('Cancelled On', [
          ['CL-1', 'CL-P1', 'auto', '300', '1/15/2026', 'cancelled', '4/1/2026'],
          ['CL-1', 'CL-P2', 'home', '400', '2026-03-01', 'cancelled', '2/28/2026'],
        ]),
      );
      const cli = await cliDatabase();
      try {
        const refused = await runNpmScript('import', [file, '--agency', 'second-agency'], cli.env);
        expect(refused.code).toBe(1);
        expect(refused.stdout).toContain(
          'row 3 [Cancelled On] error: Cancellation date 2026-02-28 is before the effective date 2026-03-01. (2/28/2026)',
        );
        expect(errorLines(refused)).toEqual([
          'Nothing was imported: fix the rows above, or pass --skip-invalid to import the valid rows only.',
        ]);

        const imported = await runNpmScript('import', [file, '--agency', 'second-agency', '--skip-invalid'], cli.env);
        expect(errorLines(imported)).toEqual([]);
        expect(imported.code).toBe(0);
        const db = await cli.db();
        expect(
          await db.query(
            `select external_id, cancellation_date from policies where agency_id = $1 and external_id like 'CL-%' order by 1`,
            [SECOND_AGENCY_ID],
          ),
        ).toEqual([{ external_id: 'CL-P1', cancellation_date: '2026-04-01' }]);
      } finally {
        await cli.close();
      }
    });
  });
});
