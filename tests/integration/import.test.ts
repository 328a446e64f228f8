import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { asService } from '@/lib/db';
import { commitImport } from '@/lib/import/commit';
import { emailBlindIndex, openPii } from '@/lib/pii/cipher';
import { keyring, useKeyring } from '@/lib/pii/keyring';
import { resealPii } from '@/lib/pii/rotate';
import { createSeededDatabase, testBackend, type TestDatabase } from '../helpers/database';
import { DEMO_AGENCY_ID, SECOND_AGENCY_ID, USERS, userIdOf } from '../helpers/fixtures';
import { csv, importFile, validate } from '../helpers/import';

/**
 * The import pipeline end to end on a real database: the bad-file corpus (each a specific report,
 * nothing written), a valid file read exactly, idempotency, atomic commits, replace mode,
 * organization accounts and PII encrypted at rest.
 */
const HEADER = [
  'customer_id',
  'customer_name',
  'email',
  'policy_id',
  'line_of_business',
  'annual_premium',
  'effective_date',
  'expiration_date',
  'status',
];

describe(`CSV import on ${testBackend()}`, () => {
  let test: TestDatabase;

  /** Everything an import may write, including timestamps: equal fingerprints mean nothing changed. */
  const bookFingerprint = async () => {
    const [row] = await test.db.query<{ fp: string }>(
      `select md5(concat_ws('|',
         (select string_agg(c::text, ',' order by c.id) from customers c),
         (select string_agg(p::text, ',' order by p.id) from policies p),
         (select string_agg(k::text, ',' order by k.id) from contacts k),
         (select string_agg(i::text, ',' order by i.customer_id) from customer_insights i))) as fp`,
    );
    return row!.fp;
  };

  /** A customer's PII as stored, opened with the app's keys. */
  const storedCustomerPii = async (agencyId: string, externalId: string) => {
    const [row] = await test.db.query<{ pii_key_id: string; pii_ciphertext: Buffer }>(
      'select pii_key_id, pii_ciphertext from customers where agency_id = $1 and external_id = $2',
      [agencyId, externalId],
    );
    return openPii({ keyId: row!.pii_key_id, ciphertext: row!.pii_ciphertext }, 'customer', agencyId);
  };

  beforeAll(async () => {
    test = await createSeededDatabase({ customers: 20 });
  });
  afterAll(() => test.drop());

  describe('bad files: a specific report, and nothing written to the book', () => {
    let before: string;
    beforeEach(async () => {
      before = await bookFingerprint();
    });

    const fileError = async (file: string | Uint8Array, options: { maxBytes?: number; maxRows?: number } = {}) => {
      const result = await validate(file, {
        db: test.db,
        mapping: {
          customer_id: 'customer_id',
          policy_id: 'policy_id',
          line_of_business: 'line_of_business',
          annual_premium: 'annual_premium',
          effective_date: 'effective_date',
        },
        dateOrder: 'mdy',
        ...options,
      });
      expect(result.job.status).toBe('failed');
      expect(result.job.error).toBe(result.fileError!.message);
      expect(await bookFingerprint()).toBe(before);
      const [staged] = await test.db.query<{ n: number }>('select count(*)::int as n from private.import_staged_rows where job_id = $1', [
        result.job.id,
      ]);
      expect(staged!.n).toBe(0);
      return result.fileError!;
    };

    const rowIssues = async (maxSuspects: number | undefined, rows: (string | number)[][], header = HEADER) => {
      const result = await validate(csv([header, ...rows]), { db: test.db, maxSuspects });
      expect(result.fileError).toBeUndefined();
      expect(await bookFingerprint()).toBe(before);
      return result;
    };

    it('an empty file', async () => {
      expect(await fileError('')).toMatchObject({ kind: 'empty-file', message: 'The file is empty.' });
    });

    it('a header only', async () => {
      expect(await fileError('customer_id,policy_id,line_of_business,annual_premium,effective_date\r\n')).toMatchObject({
        kind: 'no-rows',
        message: 'The file has a header but no data rows.',
      });
    });

    it("a missing required column, named (the file's own headers are not repeated: they could be PII)", async () => {
      const result = await validate(
        csv([
          ['customer_id', 'policy_id', 'lob', 'eff date'],
          ['C1', 'P1', 'auto', '2026-01-01'],
        ]),
        { db: test.db },
      );
      expect(result.fileError?.kind).toBe('missing-columns');
      expect(result.fileError?.message).toBe(
        "Required column not found: Annual premium. Choose the file's column for it in the mapping step.",
      );
    });

    it('bad and negative premiums, row by row', async () => {
      const result = await rowIssues(undefined, [
        ['C1', 'Ann Lee', 'ann@example.com', 'P1', 'auto', 'abc', '2026-01-01', '', 'active'],
        ['C1', 'Ann Lee', 'ann@example.com', 'P2', 'auto', '-120.00', '2026-01-01', '', 'active'],
        ['C1', 'Ann Lee', 'ann@example.com', 'P3', 'auto', '(50.00)', '2026-01-01', '', 'active'],
        ['C1', 'Ann Lee', 'ann@example.com', 'P4', 'auto', '12.345', '2026-01-01', '', 'active'],
        ['C1', 'Ann Lee', 'ann@example.com', 'P5', 'auto', '100', '2026-01-01', '', 'active'],
      ]);
      expect(result.job).toMatchObject({ rowsTotal: 5, rowsValid: 1, rowsInvalid: 4 });
      expect(result.issues.map((i) => [i.rowNumber, i.column, i.code, i.value])).toEqual([
        [2, 'annual_premium', 'invalid-premium', 'abc'],
        [3, 'annual_premium', 'negative-premium', '-120.00'],
        [4, 'annual_premium', 'negative-premium', '(50.00)'],
        [5, 'annual_premium', 'premium-precision', '12.345'],
      ]);
      expect(result.issues[1]!.message).toBe('Premium is negative; premiums must be 0 or more.');
    });

    it('impossible dates and an expiration before the effective date', async () => {
      const result = await rowIssues(undefined, [
        ['C1', '', '', 'P1', 'auto', '10', '2/30/2026', '', ''],
        ['C1', '', '', 'P2', 'auto', '10', '2026-13-01', '', ''],
        ['C1', '', '', 'P3', 'auto', '10', 'yesterday', '', ''],
        ['C1', '', '', 'P4', 'auto', '10', '2026-06-01', '2026-05-31', ''],
      ]);
      expect(result.issues.map((i) => [i.rowNumber, i.column, i.code])).toEqual([
        [2, 'effective_date', 'impossible-date'],
        [3, 'effective_date', 'impossible-date'],
        [4, 'effective_date', 'invalid-date'],
        [5, 'expiration_date', 'expiration-before-effective'],
      ]);
      expect(result.issues[0]!.message).toBe('Day 30 does not exist in 2026-02.');
      expect(result.issues[3]!.message).toBe('Expiration date 2026-05-31 is before the effective date 2026-06-01.');
      expect(result.job.rowsValid).toBe(0);
    });

    it.each([
      ['its suspected ids', undefined],
      ['every row, past the suspects limit', 0],
    ])('the same policy id with different data: every row of it (checking %s)', async (_how, maxSuspects) => {
      const result = await rowIssues(maxSuspects, [
        ['C1', '', '', 'P-DUP', 'auto', '100', '2026-01-01', '', ''],
        ['C2', '', '', 'P-OK', 'home', '100', '2026-01-01', '', ''],
        ['C1', '', '', 'P-DUP', 'auto', '150', '2026-01-01', '', ''],
      ]);
      expect(result.job).toMatchObject({ rowsValid: 1, rowsInvalid: 2 });
      expect(result.issues.filter((i) => i.code === 'duplicate-policy').map((i) => i.rowNumber)).toEqual([2, 4]);
      expect(result.issues[0]!.message).toBe('Policy P-DUP appears on rows 2, 4 with different data; keep one row per policy.');
    });

    it('a 10,000-column line (and a 10,000-column header)', async () => {
      const wide = ['C1', '', '', 'P1', 'auto', '10', '2026-01-01', '', '', ...Array.from({ length: 9_991 }, (_, i) => `x${i}`)];
      const result = await rowIssues(undefined, [wide, ['C1', '', '', 'P2', 'auto', '10', '2026-01-01', '', '']]);
      expect(result.issues.map((i) => [i.rowNumber, i.code, i.message])).toEqual([
        [2, 'field-count', 'Row has 10,000 fields; the header has 9.'],
      ]);
      expect(result.job.rowsValid).toBe(1);
      const header = Array.from({ length: 10_000 }, (_, i) => `column ${i}`);
      expect((await fileError(csv([header, header]))).message).toBe(
        'The header has 10,000 columns; a book-of-business file has at most 100.',
      );
    });

    it('binary garbage and UTF-16 text', async () => {
      const garbage = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256);
      expect(await fileError(garbage)).toMatchObject({ kind: 'binary' });
      const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('customer_id,policy_id\r\n', 'utf16le')]);
      expect((await fileError(utf16)).message).toBe('The file is UTF-16 text. Save it as "CSV UTF-8" and upload it again.');
    });

    it('a file that turns out not to be UTF-8 after its first 256 KB', async () => {
      const ascii = Array.from({ length: 10_000 }, (_, i) => `C${i},P${i},auto,10,2026-01-01`).join('\r\n');
      const file = Buffer.concat([
        Buffer.from(`customer_id,policy_id,line_of_business,annual_premium,effective_date\r\n${ascii}\r\n`),
        Buffer.from('C-late,P-late,Jos\u00e9 special,10,2026-01-01\r\n', 'latin1'),
      ]);
      expect(file.length).toBeGreaterThan(256 * 1024);
      expect((await fileError(file)).kind).toBe('encoding');
    });

    it('more rows than allowed, stopped while it streams in', async () => {
      const rows = Array.from({ length: 6 }, (_, i) => [`C${i}`, `P${i}`, 'auto', '10', '2026-01-01']);
      const file = csv([['customer_id', 'policy_id', 'line_of_business', 'annual_premium', 'effective_date'], ...rows]);
      expect(await fileError(file, { maxRows: 5 })).toMatchObject({
        kind: 'too-many-rows',
        message: 'The file has more than 5 rows. Split it into smaller files.',
      });
    });

    it('a report of 1,000 problems at most, with every problem counted', async () => {
      const rows = Array.from({ length: 1_005 }, (_, i) => [`C${i}`, '', '', `P${i}`, 'auto', 'n/a', '2026-01-01', '', '']);
      const result = await rowIssues(undefined, rows);
      expect(result.job).toMatchObject({
        rowsTotal: 1_005,
        rowsInvalid: 1_005,
        issueCounts: { 'invalid-premium': { severity: 'error', rows: 1_005 } },
      });
      const [{ stored } = { stored: 0 }] = await test.db.query<{ stored: number }>(
        'select count(*)::int as stored from import_job_issues where job_id = $1',
        [result.job.id],
      );
      expect(stored).toBe(1_000);
    });

    it('a quote that is never closed, stopped before it swallows the rest of the file', async () => {
      const rows = Array.from({ length: 50_000 }, (_, i) => `C${i},P${i},auto,10,2026-01-01,padding padding padding padding padding`);
      const file = `customer_id,policy_id,line_of_business,annual_premium,effective_date,notes\r\nC-1,"P-open,auto,10,2026-01-01,x\r\n${rows.join('\r\n')}\r\n`;
      expect(file.length).toBeGreaterThan(3_000_000);
      const error = await fileError(file);
      expect(error).toMatchObject({ kind: 'row-too-long' });
      expect(error.message).toBe('A row is longer than 1,000,000 characters: a quoted field is probably never closed.');
    });

    it('an oversized file, stopped while it streams in', async () => {
      const rows = Array.from({ length: 400 }, (_, i) => [`C${i}`, `P${i}`, 'auto', '10', '2026-01-01']);
      const file = csv([['customer_id', 'policy_id', 'line_of_business', 'annual_premium', 'effective_date'], ...rows]);
      const error = await fileError(file, { maxBytes: 4_000 });
      expect(error).toMatchObject({ kind: 'file-too-large', code: 'too-large' });
    });

    it('cells that look like formulas, reported with PII masked', async () => {
      const result = await rowIssues(undefined, [
        ['C1', "=cmd|' /C calc'!A0", 'ann@example.com', 'P1', 'auto', '10', '2026-01-01', '', ''],
        ['C2', 'Bo Stone', 'bo@example.com', 'P2', '@SUM(A1:A9)', '10', '2026-01-01', '', ''],
        ['C3', 'Cy Young', '+1 555 0100 4432', 'P3', 'auto', '10', '2026-01-01', '', ''],
      ]);
      expect(result.issues.filter((i) => i.code === 'formula').map((i) => [i.rowNumber, i.column])).toEqual([
        [2, 'customer_name'],
        [3, 'line_of_business'],
      ]);
      // The name cell is PII: the report shows it masked, never as given.
      expect(JSON.stringify(result.issues)).not.toContain('calc');
      // A phone-shaped value starting with + is not a formula (it is only a loose-format warning here, in the email column).
      expect(result.issues.find((i) => i.rowNumber === 4)).toMatchObject({ code: 'email-format', severity: 'warning', value: '***' });
    });
  });

  describe('a valid file', () => {
    const AGENCY = SECOND_AGENCY_ID;
    const file = csv([
      [
        'Client ID',
        'Named Insured',
        'E-mail',
        'Phone Number',
        'Policy #',
        'Coverage',
        'Written Premium',
        'Inception Date',
        'Expiry',
        'Policy Status',
      ],
      [
        'A-1',
        'Ada Lovelace',
        'Ada@Example.com',
        '(555) 010-1234',
        'POL-1',
        'Personal Auto',
        '$1,234.50',
        '1/15/2026',
        '2027-01-15',
        'In Force',
      ],
      ['A-1', 'Ada Lovelace', 'Ada@Example.com', '(555) 010-1234', 'POL-2', 'HO3', '800', '2026-02-01', '2/1/2027', 'active'],
      ['B-2', 'Blaise Pascal', 'blaise@example.com', '', 'POL-3', 'Umbrella', '$10,000.00', '12/31/2025', '', 'Canceled'],
      ['B-2', 'Blaise Pascal', 'blaise@example.com', '', 'POL-4', 'BOP', '0.1', '2026-03-04', '', ''],
    ]);

    it('imports aliases, $1,234.50 amounts and mixed US/ISO dates exactly', async () => {
      const { summary, validated } = await importFile(file, { db: test.db, agencyId: AGENCY });
      expect(validated.job.options.mapping).toMatchObject({
        customer_id: 'Client ID',
        customer_name: 'Named Insured',
        email: 'E-mail',
        phone: 'Phone Number',
        policy_id: 'Policy #',
        line_of_business: 'Coverage',
        annual_premium: 'Written Premium',
        effective_date: 'Inception Date',
        expiration_date: 'Expiry',
        status: 'Policy Status',
      });
      expect(summary).toMatchObject({
        customers: { created: 2, updated: 0, unchanged: 0 },
        policies: { created: 4, updated: 0, unchanged: 0, expired: 0 },
        rowsImported: 4,
        rowsSkipped: 0,
        refresh: { status: 'ok' },
      });
      const policies = await test.db.query(
        `select external_id, line_of_business, line_key, annual_premium, effective_date, expiration_date, status::text
         from policies where agency_id = $1 order by external_id`,
        [AGENCY],
      );
      expect(policies).toEqual([
        {
          external_id: 'POL-1',
          line_of_business: 'Personal Auto',
          line_key: 'auto',
          annual_premium: '1234.50',
          effective_date: '2026-01-15',
          expiration_date: '2027-01-15',
          status: 'active',
        },
        {
          external_id: 'POL-2',
          line_of_business: 'HO3',
          line_key: 'home',
          annual_premium: '800.00',
          effective_date: '2026-02-01',
          expiration_date: '2027-02-01',
          status: 'active',
        },
        {
          external_id: 'POL-3',
          line_of_business: 'Umbrella',
          line_key: 'umbrella',
          annual_premium: '10000.00',
          effective_date: '2025-12-31',
          expiration_date: null,
          status: 'cancelled',
        },
        {
          external_id: 'POL-4',
          line_of_business: 'BOP',
          line_key: 'bop',
          annual_premium: '0.10',
          effective_date: '2026-03-04',
          expiration_date: null,
          status: 'active',
        },
      ]);
      const customers = await test.db.query<{ external_id: string; kind: string; pii_key_id: string; pii_ciphertext: Buffer }>(
        'select external_id, kind::text, pii_key_id, pii_ciphertext from customers where agency_id = $1 order by external_id',
        [AGENCY],
      );
      expect(
        customers.map((c) => ({
          id: c.external_id,
          kind: c.kind,
          ...openPii({ keyId: c.pii_key_id, ciphertext: c.pii_ciphertext }, 'customer', AGENCY),
        })),
      ).toEqual([
        { id: 'A-1', kind: 'individual', name: 'Ada Lovelace', email: 'Ada@Example.com', phone: '(555) 010-1234' },
        { id: 'B-2', kind: 'individual', name: 'Blaise Pascal', email: 'blaise@example.com', phone: null },
      ]);
      // The refresh ran: A-1 has 2,034.50 over two lines (standard), B-2 0.10 on one active line (entry).
      const insights = await test.db.query(
        `select c.external_id, i.annual_premium, i.tier::text from customer_insights i join customers c on c.id = i.customer_id
         where i.agency_id = $1 order by 1`,
        [AGENCY],
      );
      expect(insights).toEqual([
        { external_id: 'A-1', annual_premium: '2034.50', tier: 'standard' },
        { external_id: 'B-2', annual_premium: '0.10', tier: 'entry' },
      ]);
    });

    it('imported twice, changes nothing the second time', async () => {
      const before = await bookFingerprint();
      const { summary } = await importFile(file, { db: test.db, agencyId: AGENCY });
      expect(summary).toMatchObject({
        customers: { created: 0, updated: 0, unchanged: 2 },
        policies: { created: 0, updated: 0, unchanged: 4, expired: 0 },
      });
      expect(await bookFingerprint()).toBe(before);
    });

    it('warns about a customer whose details differ on rows far apart', async () => {
      const far = csv([
        HEADER,
        ['F-1', 'Fay First', '', 'F-P1', 'auto', '10', '2026-01-01', '', ''],
        ['F-2', 'Gus Between', '', 'F-P2', 'auto', '10', '2026-01-01', '', ''],
        ['F-1', 'Fay Changed', '', 'F-P3', 'home', '10', '2026-01-01', '', ''],
      ]);
      const { issues } = await validate(far, { db: test.db, agencyId: AGENCY });
      expect(issues.map((i) => [i.rowNumber, i.code])).toEqual([[4, 'conflicting-customer-details']]);
    });

    it('updates only what changed, and warns about conflicting customer details', async () => {
      const changed = csv([
        ['Client ID', 'Named Insured', 'E-mail', 'Policy #', 'Coverage', 'Written Premium', 'Inception Date'],
        ['A-1', 'Ada King', 'ada@example.com', 'POL-1', 'Personal Auto', '1300', '2026-01-15'],
        ['A-1', 'Ada Lovelace', 'ada@example.com', 'POL-2', 'HO3', '800', '2026-02-01'],
      ]);
      const { summary, validated } = await importFile(changed, { db: test.db, agencyId: AGENCY });
      expect(validated.issues).toEqual([
        expect.objectContaining({
          rowNumber: 3,
          code: 'conflicting-customer-details',
          severity: 'warning',
          message:
            'Customer A-1 has a different name, email, phone or type on row 3 than on row 2; the details of its first rows are used.',
        }),
      ]);
      expect(summary.customers).toEqual({ created: 0, updated: 1, unchanged: 0 });
      // POL-2 loses its expiration date (the column is absent, so the cell is empty): an update too.
      expect(summary.policies).toMatchObject({ created: 0, updated: 2, unchanged: 0 });
      expect(await storedCustomerPii(AGENCY, 'A-1')).toEqual({
        name: 'Ada King',
        email: 'ada@example.com',
        phone: null,
      });
    });
  });

  describe('commit', () => {
    const AGENCY = DEMO_AGENCY_ID;
    const file = csv([
      HEADER,
      ['N-1', 'New Person', 'new@example.com', 'N-P1', 'auto', '500', '2026-01-01', '', ''],
      ['N-2', 'Other Person', 'other@example.com', 'N-P2', 'home', '700', '2026-01-01', '', ''],
    ]);

    it('interrupted mid-way leaves the database exactly as before, and can then be committed', async () => {
      const before = await bookFingerprint();
      const { job } = await validate(file, { db: test.db, agencyId: AGENCY });
      await expect(
        commitImport(job, {
          actorId: userIdOf(USERS.admin),
          db: test.db,
          onStep: (step) => {
            if (step === 'policies') throw new Error('process killed');
          },
        }),
      ).rejects.toThrow('process killed');
      expect(await bookFingerprint()).toBe(before);
      const [state] = await test.db.query<{ status: string; audit: number }>(
        `select status::text, (select count(*)::int from audit_events where action = 'import' and details->>'jobId' = $2) as audit
         from import_jobs where id = $1`,
        [job.id, job.id],
      );
      expect(state).toEqual({ status: 'validated', audit: 0 });

      const committed = await commitImport(job, { actorId: userIdOf(USERS.admin), db: test.db });
      expect(committed.status).toBe('committed');
      expect(committed.result!.customers.created).toBe(2);
      await expect(commitImport(job, { actorId: null, db: test.db })).rejects.toMatchObject({ code: 'conflict' });
    });

    if (testBackend() === 'postgres') {
      it('survives its database connection being killed mid-commit', async () => {
        const killFile = csv([HEADER, ['K-1', 'Kim Doe', '', 'K-P1', 'auto', '900', '2026-01-01', '', '']]);
        const before = await bookFingerprint();
        const { job } = await validate(killFile, { db: test.db, agencyId: AGENCY });
        const admin = new pg.Client({ connectionString: test.url });
        await admin.connect();
        try {
          await expect(
            commitImport(job, {
              actorId: null,
              db: test.db,
              onStep: async (step, tx) => {
                if (step !== 'policies' || !tx) return;
                const [{ pid }] = (await tx.query<{ pid: number }>('select pg_backend_pid() as pid')) as [{ pid: number }];
                await admin.query('select pg_terminate_backend($1)', [pid]);
                await tx.query('select 1');
              },
            }),
          ).rejects.toThrow();
        } finally {
          await admin.end();
        }
        expect(await bookFingerprint()).toBe(before);
        const [{ status }] = (await test.db.query<{ status: string }>('select status::text from import_jobs where id = $1', [job.id])) as [
          { status: string },
        ];
        expect(status).toBe('validated');
      });
    }

    it('replace mode refuses to guess: rows with errors and no readable policy id stop it', async () => {
      // A row with a stray comma has its cells shifted: its policy id cannot be trusted.
      const shifted = `${HEADER.join(',')}\r\nN-1,New Person,new@example.com,N-P1,auto,500,2026-01-01,,\r\nN-9,Smith, John,,N-P9,auto,10,2026-01-01,,\r\n`;
      const { job, issues } = await validate(shifted, { db: test.db, agencyId: AGENCY, mode: 'replace' });
      expect(issues.map((i) => [i.rowNumber, i.code])).toEqual([[3, 'field-count']]);
      const staged = await test.db.query(
        'select policy_external_id, customer_external_id from private.import_staged_rows where job_id = $1 and not valid',
        [job.id],
      );
      expect(staged).toEqual([{ policy_external_id: null, customer_external_id: null }]);
      const before = await bookFingerprint();
      await expect(commitImport(job, { actorId: null, db: test.db })).rejects.toMatchObject({
        code: 'conflict',
        message:
          '1 rows with errors have no readable policy id. In replace mode their policies would be marked expired: fix those rows, or import in merge mode.',
      });
      expect(await bookFingerprint()).toBe(before);
    });

    it('replace mode marks active policies absent from the file expired, keeps cancelled ones, and deletes nothing', async () => {
      const counts = async () =>
        (
          await test.db.query<{ policies: number; customers: number; active: string[]; cancelled: number }>(
            `select (select count(*)::int from policies where agency_id = $1) as policies,
                    (select count(*)::int from customers where agency_id = $1) as customers,
                    (select array_agg(external_id order by external_id) from policies where agency_id = $1 and status = 'active') as active,
                    (select count(*)::int from policies where agency_id = $1 and status = 'cancelled') as cancelled`,
            [AGENCY],
          )
        )[0]!;
      const before = await counts();
      expect(before.cancelled).toBeGreaterThan(0);
      const whole = csv([HEADER, ['N-1', 'New Person', 'new@example.com', 'N-P1', 'auto', '500', '2026-01-01', '', '']]);
      const { summary } = await importFile(whole, { db: test.db, agencyId: AGENCY, mode: 'replace' });
      expect(summary.policies).toEqual({ created: 0, updated: 0, unchanged: 1, expired: before.active.length - 1 });
      expect(await counts()).toEqual({
        policies: before.policies,
        customers: before.customers,
        active: ['N-P1'],
        cancelled: before.cancelled,
      });
    });

    it('imports a row given twice once, with a warning', async () => {
      const row = ['T-1', 'Tess Twice', '', 'T-P1', 'auto', '321.00', '2026-01-01', '', ''];
      const { summary, validated } = await importFile(csv([HEADER, row, row]), { db: test.db, agencyId: AGENCY });
      expect(validated.issues.map((i) => [i.rowNumber, i.code, i.message])).toEqual([
        [3, 'repeated-row', 'Same policy and data as row 2; imported once.'],
      ]);
      expect(summary.policies).toMatchObject({ created: 1 });
      expect(await test.db.query(`select annual_premium from policies where agency_id = $1 and external_id = 'T-P1'`, [AGENCY])).toEqual([
        { annual_premium: '321.00' },
      ]);
    });

    it('refuses to commit an import without valid rows', async () => {
      const { job } = await validate(csv([HEADER, ['Z-1', '', '', 'Z-P1', 'auto', 'free', '2026-01-01', '', '']]), {
        db: test.db,
        agencyId: AGENCY,
      });
      await expect(commitImport(job, { actorId: null, db: test.db })).rejects.toMatchObject({
        code: 'conflict',
        message: 'This import has no valid rows; there is nothing to import.',
      });
    });
  });

  it('organization accounts: one customer with its contacts, tiered on all its policies', async () => {
    const AGENCY = SECOND_AGENCY_ID;
    const header = [
      'customer_id',
      'customer_name',
      'customer_type',
      'policy_id',
      'lob',
      'premium',
      'effective_date',
      'contact_name',
      'contact_email',
      'contact_role',
      'is_primary_contact',
    ];
    const file = csv([
      header,
      ['ORG-1', 'Acme Corp', 'Commercial', 'O-P1', 'BOP', '2000', '2026-01-01', 'Wile Coyote', 'wile@acme.test', 'CFO', 'yes'],
      [
        'ORG-1',
        'Acme Corp',
        'Commercial',
        'O-P2',
        'Workers Comp',
        '2000',
        '2026-01-01',
        'Road Runner',
        'road@acme.test',
        'Risk manager',
        'no',
      ],
      ['ORG-1', 'Acme Corp', 'Commercial', 'O-P3', 'Cyber', '2000', '2026-01-01', 'Wile Coyote', 'wile@acme.test', 'CFO', 'yes'],
    ]);
    const { summary } = await importFile(file, { db: test.db, agencyId: AGENCY });
    expect(summary.customers.created).toBe(1);
    expect(summary.contacts).toEqual({ created: 2, updated: 0, unchanged: 0 });
    const [org] = await test.db.query<{ kind: string; tier: string; premium: string; lines: number }>(
      `select c.kind::text, i.tier::text, i.annual_premium as premium, i.distinct_lines as lines
       from customers c join customer_insights i on i.customer_id = c.id where c.agency_id = $1 and c.external_id = 'ORG-1'`,
      [AGENCY],
    );
    // 6,000.00 over 3 lines: Elite (P ≥ 5,000 and L ≥ 3) as one customer, not three Entry ones.
    expect(org).toEqual({ kind: 'organization', tier: 'elite', premium: '6000.00', lines: 3 });
    const contacts = await test.db.query<{ role: string; is_primary: boolean; pii_key_id: string; pii_ciphertext: Buffer }>(
      `select k.role, k.is_primary, k.pii_key_id, k.pii_ciphertext from contacts k join customers c on c.id = k.customer_id
       where c.agency_id = $1 and c.external_id = 'ORG-1' order by k.is_primary desc`,
      [AGENCY],
    );
    expect(
      contacts.map((k) => ({
        role: k.role,
        primary: k.is_primary,
        ...openPii({ keyId: k.pii_key_id, ciphertext: k.pii_ciphertext }, 'contact', AGENCY),
      })),
    ).toEqual([
      { role: 'CFO', primary: true, name: 'Wile Coyote', email: 'wile@acme.test', phone: null },
      { role: 'Risk manager', primary: false, name: 'Road Runner', email: 'road@acme.test', phone: null },
    ]);
    const again = await importFile(file, { db: test.db, agencyId: AGENCY });
    expect(again.summary.contacts).toEqual({ created: 0, updated: 0, unchanged: 2 });
  });

  it('reads Windows-1252, semicolons, tabs and a UTF-8 BOM', async () => {
    const AGENCY = SECOND_AGENCY_ID;
    const latin = Buffer.from(
      'customer_id;customer_name;policy_id;lob;premium;effective_date\r\nW-1;Jürgen Müller;W-P1;auto;1.234;2026-01-01\r\n',
      'latin1',
    );
    const semicolon = await validate(latin, { db: test.db, agencyId: AGENCY });
    // 1.234 is not a European 1,234: with two decimals at most it is refused, not misread.
    expect(semicolon.issues.map((i) => i.code)).toEqual(['premium-precision']);
    const fixed = Buffer.from(
      'customer_id;customer_name;policy_id;lob;premium;effective_date\r\nW-1;Jürgen Müller;W-P1;auto;1234;2026-01-01\r\n',
      'latin1',
    );
    const latinImport = await importFile(fixed, { db: test.db, agencyId: AGENCY });
    expect(latinImport.validated.job.options).toMatchObject({ encoding: 'windows-1252', delimiter: ';' });
    expect((await storedCustomerPii(AGENCY, 'W-1')).name).toBe('Jürgen Müller');

    const tabbed = `\ufeffcustomer_id\tpolicy_id\tlob\tpremium\teffective_date\r\nT-1\tT-P1\t"home, condo"\t99.99\t2026-01-01\r\n`;
    const tabImport = await importFile(tabbed, { db: test.db, agencyId: AGENCY });
    expect(tabImport.validated.job.options).toMatchObject({ encoding: 'utf-8', delimiter: '\t' });
    const [t] = await test.db.query(`select line_of_business, annual_premium from policies where agency_id = $1 and external_id = 'T-P1'`, [
      AGENCY,
    ]);
    expect(t).toEqual({ line_of_business: 'home, condo', annual_premium: '99.99' });
  });

  it('blank lines before the header and stray quotes inside a field, read the same in analysis and upload', async () => {
    const AGENCY = SECOND_AGENCY_ID;
    const file =
      '\r\n\r\ncustomer_id,customer_name,policy_id,lob,premium,effective_date\r\nS-1,Bob "Bobby" Smith,S-P1,12" pipe cover,10,2026-01-01\r\n';
    const { validated } = await importFile(file, { db: test.db, agencyId: AGENCY });
    expect(validated.job).toMatchObject({ rowsTotal: 1, rowsValid: 1 });
    expect((await storedCustomerPii(AGENCY, 'S-1')).name).toBe('Bob "Bobby" Smith');
    const bad = await validate('\r\ncustomer_id,policy_id,lob,premium,effective_date\r\nS-2,S-P2,auto,x,2026-01-01\r\n', {
      db: test.db,
      agencyId: AGENCY,
    });
    // Row numbers count the blank line, as a spreadsheet does: the header is row 2.
    expect(bad.issues.map((i) => i.rowNumber)).toEqual([3]);
  });

  it('quoted fields with embedded newlines and quotes', async () => {
    const AGENCY = SECOND_AGENCY_ID;
    const file =
      'customer_id,customer_name,policy_id,lob,premium,effective_date\r\nQ-1,"Smith, ""Jr.""\r\nSecond line",Q-P1,auto,10,2026-01-01\r\n';
    await importFile(file, { db: test.db, agencyId: AGENCY });
    expect((await storedCustomerPii(AGENCY, 'Q-1')).name).toBe('Smith, "Jr."\r\nSecond line');
  });

  describe('PII at rest', () => {
    it('is never stored as plaintext, neither in the book nor in staged rows', async () => {
      const AGENCY = SECOND_AGENCY_ID;
      const file = csv([HEADER, ['E-1', 'Evelyn Plaintext', 'evelyn.plain@example.com', 'E-P1', 'auto', '10', '2026-01-01', '', '']]);
      const { job } = await validate(file, { db: test.db, agencyId: AGENCY });
      const staged = await test.db.query<{ raw: string }>(`select s::text as raw from private.import_staged_rows s where job_id = $1`, [
        job.id,
      ]);
      expect(staged).toHaveLength(1);
      await commitImport(job, { actorId: null, db: test.db });
      const [stored] = await test.db.query<{ raw: string; ciphertext: Buffer; key_id: string; email_ix: Buffer }>(
        `select c::text as raw, pii_ciphertext as ciphertext, pii_key_id as key_id, email_blind_index as email_ix from customers c
         where agency_id = $1 and external_id = 'E-1'`,
        [AGENCY],
      );
      for (const raw of [staged[0]!.raw, stored!.raw, Buffer.from(stored!.ciphertext).toString('latin1')]) {
        expect(raw).not.toContain('Evelyn');
        expect(raw).not.toContain('evelyn.plain');
        expect(raw).not.toContain(Buffer.from('Evelyn').toString('hex'));
      }
      expect(stored!.key_id).toBe('test');
      // The blind index finds the customer by email whatever its case; another agency's key material is the same HMAC.
      expect(Buffer.from(stored!.email_ix).equals(emailBlindIndex('EVELYN.PLAIN@example.com')!)).toBe(true);
      const [found] = await test.db.query<{ external_id: string }>(
        'select external_id from customers where agency_id = $1 and email_blind_index = $2',
        [AGENCY, emailBlindIndex('Evelyn.Plain@Example.com')!],
      );
      expect(found!.external_id).toBe('E-1');
    });

    it('stays readable across a key rotation: old rows by their key id, new rows with the new key, then all re-sealed', async () => {
      const AGENCY = SECOND_AGENCY_ID;
      const original = keyring();
      const rotated = { ...original, activeKeyId: 'k2', keys: new Map([['k2', Buffer.alloc(32, 3)], ...original.keys]) };
      // An import validated before the rotation waits, its rows sealed with the old key.
      const waiting = await validate(
        csv([HEADER, ['W-9', 'Wanda Waiting', 'wanda@example.com', 'W-P9', 'auto', '10', '2026-01-01', '', '']]),
        {
          db: test.db,
          agencyId: AGENCY,
        },
      );
      useKeyring(rotated);
      try {
        await importFile(csv([HEADER, ['R-1', 'Rita Rotate', '', 'R-P1', 'auto', '10', '2026-01-01', '', '']]), {
          db: test.db,
          agencyId: AGENCY,
        });
        const rows = await test.db.query<{ external_id: string; pii_key_id: string; pii_ciphertext: Buffer }>(
          `select external_id, pii_key_id, pii_ciphertext from customers where agency_id = $1 and external_id in ('E-1', 'R-1') order by 1`,
          [AGENCY],
        );
        expect(
          rows.map((r) => [
            r.external_id,
            r.pii_key_id,
            openPii({ keyId: r.pii_key_id, ciphertext: r.pii_ciphertext }, 'customer', AGENCY).name,
          ]),
        ).toEqual([
          ['E-1', 'test', 'Evelyn Plaintext'],
          ['R-1', 'k2', 'Rita Rotate'],
        ]);
        // Sealed for one agency, a ciphertext does not open as another's.
        expect(() => openPii({ keyId: rows[1]!.pii_key_id, ciphertext: rows[1]!.pii_ciphertext }, 'customer', DEMO_AGENCY_ID)).toThrow();

        // pii:rotate re-seals what is left under the old key; then the old key is no longer needed.
        const resealed = await resealPii({ db: test.db, ring: rotated, batchSize: 7 });
        expect(resealed.customer).toBeGreaterThan(20);
        expect(resealed.contact).toBeGreaterThan(0);
        const onlyNewKey = { ...rotated, keys: new Map([['k2', rotated.keys.get('k2')!]]) };
        const everyone = await test.db.query<{ agency_id: string; pii_key_id: string; pii_ciphertext: Buffer }>(
          'select agency_id, pii_key_id, pii_ciphertext from customers where pii_key_id is not null',
        );
        expect(new Set(everyone.map((row) => row.pii_key_id))).toEqual(new Set(['k2']));
        const evelyn = everyone.map((row) =>
          openPii({ keyId: row.pii_key_id, ciphertext: row.pii_ciphertext }, 'customer', row.agency_id, onlyNewKey),
        );
        expect(evelyn.map((pii) => pii.name)).toContain('Evelyn Plaintext');
        expect(await resealPii({ db: test.db, ring: rotated })).toEqual({ customer: 0, contact: 0 });
        // The waiting import was re-sealed too: committed now, it opens without the old key.
        useKeyring(onlyNewKey);
        await commitImport(waiting.job, { actorId: null, db: test.db });
        expect(await storedCustomerPii(AGENCY, 'W-9')).toEqual({ name: 'Wanda Waiting', email: 'wanda@example.com', phone: null });
      } finally {
        useKeyring(original);
      }
    });
  });

  it('keeps a history of who imported what, when, how, and the result', async () => {
    const history = await asService(
      (tx) =>
        tx.query<{ file_name: string; mode: string; status: string; created_by: string | null }>(
          `select file_name, mode::text, status::text, created_by from import_jobs where agency_id = $1 order by created_at`,
          [SECOND_AGENCY_ID],
        ),
      test.db,
    );
    expect(history.length).toBeGreaterThan(3);
    expect(history.every((job) => job.created_by === userIdOf(USERS.admin) && job.file_name === 'book.csv')).toBe(true);
    expect(history.map((job) => job.status)).toContain('committed');
  });
});
