import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { asService } from '@/lib/db';
import { refreshAgency } from '@/lib/segmentation/refresh';
import { runDbChecks } from '@/lib/maintenance/db-check';
import { createSeededDatabase, testBackend, type TestDatabase } from '../helpers/database';
import { DEMO_AGENCY_ID } from '../helpers/fixtures';
import { csv } from '../helpers/import';

describe(`db:check on ${testBackend()}`, () => {
  let test: TestDatabase;
  const failures = async () =>
    (await asService((tx) => runDbChecks(tx), test.db)).filter((check) => !check.ok).map((check) => `${check.name}: ${check.detail}`);

  beforeAll(async () => {
    test = await createSeededDatabase({ customers: 30 });
  });
  afterAll(() => test.drop());

  it('passes on a seeded, refreshed database and says what it saw', async () => {
    const results = await asService((tx) => runDbChecks(tx), test.db);
    expect(results.map((r) => [r.name, r.ok])).toEqual([
      ['tables and RLS', true],
      ['row counts', true],
      ['tier distribution', true],
      ['insights freshness', true],
      ['insights premium = active policies premium', true],
      ['no orphans', true],
    ]);
    expect(results[1]!.detail).toMatch(/^agencies 2, members \d+, customers 30, policies \d+/);
  });

  it('names a premium that changed without a refresh, and passes again after one', async () => {
    await test.db.query(
      `update policies set annual_premium = annual_premium + 0.01 where id = (select id from policies where agency_id = $1 and status = 'active' order by external_id limit 1)`,
      [DEMO_AGENCY_ID],
    );
    expect(await failures()).toEqual([
      expect.stringMatching(/^insights premium = active policies premium: demo-agency: insights \d+\.\d{2}, active policies \d+\.\d{2}/),
    ]);
    await refreshAgency(DEMO_AGENCY_ID, { mode: 'agency', asOf: '2026-06-30' }, test.db);
    expect(await failures()).toEqual([]);
  });

  it('names a table without RLS, a customer without policies, a stale refresh and wrong dashboard totals', async () => {
    await test.db.query('alter table public.contacts disable row level security');
    await test.db.query(`insert into customers (agency_id, external_id) values ($1, 'NO-POLICIES')`, [DEMO_AGENCY_ID]);
    await test.db.query(`update agency_insight_summaries set computed_at = now() - interval '3 days' where agency_id = $1`, [
      DEMO_AGENCY_ID,
    ]);
    await test.db.query(`update customer_segment_totals set customers = customers + 1 where agency_id = $1 and tier = 'entry'`, [
      DEMO_AGENCY_ID,
    ]);
    try {
      const found = await failures();
      expect(found).toEqual([
        'tables and RLS: RLS off: public.contacts',
        expect.stringMatching(/^tier distribution: demo-agency entry: insights say \d+ customers/),
        'insights freshness: demo-agency: 1 customers without insights',
        'no orphans: 1 customers without policies',
      ]);
    } finally {
      await test.db.query('alter table public.contacts enable row level security');
      await test.db.query(`delete from customers where external_id = 'NO-POLICIES'`);
      await refreshAgency(DEMO_AGENCY_ID, { mode: 'agency', asOf: '2026-06-30' }, test.db);
    }
    expect(await failures()).toEqual([]);
  });

  // The command-line tools need a database another process can reach: the server backend.
  if (testBackend() === 'postgres') {
    const run = (script: string, args: string[]) =>
      spawnSync('npx', ['tsx', script, ...args], {
        encoding: 'utf8',
        env: { ...process.env, DATABASE_URL: test.url, LOG_LEVEL: 'silent' },
        timeout: 90_000,
      });

    it('npm run db:check exits 0 when healthy and 1 naming the failed check', async () => {
      const healthy = run('scripts/db-check.mts', []);
      expect(healthy.status, healthy.stderr).toBe(0);
      expect(healthy.stdout).toContain('✓ no orphans');
      expect(healthy.stdout).toContain('db:check passed');
      await test.db.query(`update agency_insight_summaries set computed_at = now() - interval '3 days' where agency_id = $1`, [
        DEMO_AGENCY_ID,
      ]);
      const stale = run('scripts/db-check.mts', []);
      expect(stale.status).toBe(1);
      expect(stale.stdout).toMatch(/✗ insights freshness: demo-agency: last refresh .* \(older than 26 h\)/);
      expect(stale.stderr).toContain('db:check failed: insights freshness');
      expect(run('scripts/db-check.mts', ['--max-age-hours', '100']).status).toBe(0);
    });

    it('npm run import imports a file by agency slug, and refuses one with invalid rows unless told to skip them', () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'cli-import-'));
      onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
      const good = path.join(dir, 'good.csv');
      writeFileSync(
        good,
        csv([
          ['Account Number', 'Policy No', 'Product', 'Premium', 'Eff Date'],
          ['CLI-1', 'CLI-P1', 'Home', '$2,500.00', '3/1/2026'],
        ]),
      );
      const imported = run('scripts/import.mts', [good, '--agency', 'second-agency']);
      expect(imported.status, imported.stderr).toBe(0);
      expect(imported.stdout).toContain('Validated 1 rows: 1 valid, 0 with errors, 0 warnings.');
      expect(imported.stdout).toMatch(
        /customers 1 created, 0 updated, 0 unchanged; policies 1 created, 0 updated, 0 unchanged, 0 expired; 0 rows skipped/,
      );

      const bad = path.join(dir, 'bad.csv');
      writeFileSync(
        bad,
        csv([
          ['Ref', 'Policy No', 'Product', 'Premium', 'Eff Date'],
          ['CLI-2', 'CLI-P2', 'Home', 'n/a', '3/1/2026'],
          ['CLI-3', 'CLI-P3', 'Auto', '10', '3/1/2026'],
        ]),
      );
      const unmapped = run('scripts/import.mts', [bad, '--agency', 'second-agency']);
      expect(unmapped.status).toBe(2);
      expect(unmapped.stderr).toContain(
        "Cannot match required column(s) customer_id. The file's columns are: Ref, Policy No, Product, Premium, Eff Date.",
      );
      const refused = run('scripts/import.mts', [bad, '--agency', 'second-agency', '--map', 'customer_id=Ref']);
      expect(refused.status).toBe(1);
      expect(refused.stdout).toContain('row 2 [Premium] error: Premium is not a number');
      expect(refused.stderr).toContain('Nothing was imported');
      const skipped = run('scripts/import.mts', [bad, '--agency', 'second-agency', '--map', 'customer_id=Ref', '--skip-invalid']);
      expect(skipped.status, skipped.stderr).toBe(0);
      expect(skipped.stdout).toContain('1 rows skipped');
    });

    it('npm run insights:backfill fills the missing month-ends, and with --recompute works them all out again', () => {
      const backfill = (...args: string[]) => run('scripts/insights-backfill.mts', ['--agency', 'second-agency', '--months', '2', ...args]);
      const filled = backfill();
      expect(filled.status, filled.stderr).toBe(0);
      expect(filled.stdout).toMatch(/^Computing 2 month-end snapshots of .+ from policy dates…$/m);
      expect(filled.stdout).toMatch(/^Done in [\d.]+ s: 2 months computed/m);
      const again = backfill();
      expect(again.stdout).toContain('a snapshot already, left as it is');
      expect(again.stdout).toMatch(/^Done in [\d.]+ s: 0 months computed/m);
      const recomputed = backfill('--recompute');
      expect(recomputed.status, recomputed.stderr).toBe(0);
      expect(recomputed.stdout).toMatch(
        /^Forgetting the history of .+ and computing today's snapshot and 2 month-ends again from policy dates…$/m,
      );
      expect(recomputed.stdout).toMatch(/^Done in [\d.]+ s: 2 months computed/m);
      const wrong = backfill('--months', '40');
      expect(wrong.status).toBe(2);
      expect(wrong.stderr).toContain('--months must be a whole number from 1 to 36.');
    });
  }
});
