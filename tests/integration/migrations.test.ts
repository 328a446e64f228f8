import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '@/lib/db/migrate';
import { createEmptyDatabase, testBackend, type TestDatabase } from '../helpers/database';

describe(`migrations on ${testBackend()}`, () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createEmptyDatabase();
  });
  afterAll(() => test.drop());

  it('apply from empty, recording each file where the Supabase CLI looks', async () => {
    const first = await migrate(test.db);
    expect(first.localApplied).toEqual(readdirSync('supabase/local').sort());
    expect(first.localApplied[0]).toBe('00_supabase_compat.sql');
    expect(first.applied).toEqual(readdirSync('supabase/migrations').sort());
    expect(first.applied[0]).toBe('20261121000001_tenancy.sql');
    const recorded = await test.db.query<{ version: string; name: string }>(
      'select version, name from supabase_migrations.schema_migrations order by version',
    );
    expect(recorded.map((row) => `${row.version}_${row.name}.sql`)).toEqual(first.applied);
  });

  it('a second run applies nothing', async () => {
    expect(await migrate(test.db)).toEqual({ applied: [], localApplied: [] });
  });

  it('creates the SPEC §4 tables with row level security on every table', async () => {
    const tables = await test.db.query<{ name: string; rls: boolean }>(
      `select n.nspname || '.' || c.relname as name, c.relrowsecurity as rls
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where c.relkind = 'r' and n.nspname in ('public', 'private')
       order by 1`,
    );
    expect(tables.map((t) => t.name)).toEqual([
      'private.import_staged_rows',
      'private.rate_limit_buckets',
      'public.agencies',
      'public.agency_insight_summaries',
      'public.agency_members',
      'public.application_logs',
      'public.audit_events',
      'public.contacts',
      'public.customer_insights',
      'public.customer_segment_totals',
      'public.customer_tier_history',
      'public.customers',
      'public.history_backfill_runs',
      'public.import_job_issues',
      'public.import_jobs',
      'public.insight_refresh_days',
      'public.insight_snapshot_retention',
      'public.insight_snapshot_totals',
      'public.policies',
      'public.scheduled_refresh_runs',
      'public.segmentation_settings',
      'public.segmentation_settings_history',
      'public.usage_counts',
    ]);
    expect(tables.filter((t) => !t.rls)).toEqual([]);
  });

  it('gives every user-facing table select, insert, update and delete policies or a stated absence', async () => {
    const policies = await test.db.query<{ table: string; command: string }>(
      `select tablename as table, cmd as command from pg_policies where schemaname = 'public' order by 1, 2`,
    );
    const byTable = new Map<string, string[]>();
    for (const p of policies) byTable.set(p.table, [...(byTable.get(p.table) ?? []), p.command]);
    for (const table of ['customers', 'contacts', 'policies', 'agency_members']) {
      expect(byTable.get(table)?.sort()).toEqual(['DELETE', 'INSERT', 'SELECT', 'UPDATE']);
    }
    // Derived and append-only tables: readable, never changed by users.
    for (const table of [
      'customer_insights',
      'customer_tier_history',
      'insight_refresh_days',
      'history_backfill_runs',
      'import_jobs',
      'import_job_issues',
    ]) {
      expect(byTable.get(table), table).toEqual(['SELECT']);
    }
    expect(byTable.get('audit_events')?.sort()).toEqual(['INSERT', 'SELECT']);
  });

  it('rejects data that breaks the book-of-business rules', async () => {
    const [agency] = await test.db.query<{ id: string }>(`insert into agencies (name, slug) values ('Rules', 'rules') returning id`);
    const [customer] = await test.db.query<{ id: string }>(
      `insert into customers (agency_id, external_id) values ($1, 'C1') returning id`,
      [agency!.id],
    );
    const insertPolicy = (premium: string, effective: string, expiration: string | null) =>
      test.db.query(
        `insert into policies (agency_id, customer_id, external_id, line_of_business, annual_premium, effective_date, expiration_date)
         values ($1, $2, gen_random_uuid()::text, 'auto', $3, $4, $5)`,
        [agency!.id, customer!.id, premium, effective, expiration],
      );
    await expect(insertPolicy('-1.00', '2026-01-01', null)).rejects.toThrow(/check/i);
    await expect(insertPolicy('10.00', '2026-01-01', '2025-12-31')).rejects.toThrow(/check/i);
    await expect(test.db.query(`insert into customers (agency_id, external_id) values ($1, 'C1')`, [agency!.id])).rejects.toThrow(
      /duplicate|unique/i,
    );
    await insertPolicy('1234.50', '2026-01-01', '2027-01-01');
    const [stored] = await test.db.query<{ annual_premium: string }>('select annual_premium from policies');
    expect(stored!.annual_premium).toBe('1234.50');
  });
});

// The same files through the Supabase CLI, as a deploy to a Supabase project would apply them.
if (testBackend() === 'postgres') {
  describe('migrations through the Supabase CLI', () => {
    let test: TestDatabase;
    beforeAll(async () => {
      test = await createEmptyDatabase();
    });
    afterAll(() => test.drop());

    it('applies every migration, and our runner then finds nothing left to apply', async () => {
      // What a Supabase project already has (roles, auth schema) comes first, as on Supabase.
      await test.db.exec(readFileSync('supabase/local/00_supabase_compat.sql', 'utf8'));
      const cli = spawnSync('npx', ['supabase', 'migration', 'up', '--db-url', test.url!, '--yes'], { encoding: 'utf8', timeout: 120_000 });
      expect(cli.status, cli.stderr + cli.stdout).toBe(0);
      expect(cli.stdout + cli.stderr).toContain('Applying migration 20261121000004_segmentation.sql');
      const result = await migrate(test.db);
      expect(result.applied).toEqual([]);
    });
  });

  describe('npm run db:migrate and db:seed', () => {
    let test: TestDatabase;
    beforeAll(async () => {
      test = await createEmptyDatabase();
    });
    afterAll(() => test.drop());
    const run = (script: string) =>
      spawnSync('npx', ['tsx', script], {
        encoding: 'utf8',
        timeout: 120_000,
        env: { ...process.env, DATABASE_URL: test.url, LOG_LEVEL: 'silent' },
      });

    it('migrate, then report nothing left; seed the demo agencies', () => {
      const first = run('scripts/db-migrate.mts');
      expect(first.status, first.stderr).toBe(0);
      expect(first.stdout).toContain('local/00_supabase_compat.sql');
      expect(first.stdout).toContain('20261121000004_segmentation.sql');
      const second = run('scripts/db-migrate.mts');
      expect(second.stdout).toContain('Database is up to date; nothing to apply.');
      const seed = run('scripts/db-seed.mts');
      expect(seed.status, seed.stderr).toBe(0);
      expect(seed.stdout).toMatch(
        /Seeded Demo Agency as of \d{4}-\d{2}-\d{2}: \d{4} customers with a policy in force \(2500 on file\), \d{4} policies in force \(\d{4} on file\), history on 37 snapshot days \(the month-ends of 36 months and today\)\. Second Agency is empty\./,
      );
    });
  });
}
