import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, type AuthClaims, type SqlParam } from '@/lib/db';
import { createSeededDatabase, testBackend, type TestDatabase } from '../helpers/database';
import { addPlatformRows, addSegmentationSettings, DEMO_AGENCY_ID, USERS, userIdOf } from '../helpers/fixtures';

/**
 * Row level security, checked in the database itself (no API in between): whatever the app
 * code does, a user of another agency reads and changes nothing of Demo Agency, and a viewer
 * changes nothing of their own.
 */
const claimsOf = (email: string): AuthClaims => ({ sub: userIdOf(email), email, role: 'authenticated' });

type Outcome = { rows: number } | { error: string };

/** One statement as the user, in its own transaction (a failed statement aborts a transaction). */
async function attempt(email: string, sql: string, params: SqlParam[]): Promise<Outcome> {
  // Bind exactly the parameters the statement uses ($1…$n); the server rejects extras.
  const used = Math.max(0, ...[...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
  try {
    const rows = await asUser(claimsOf(email), (tx) => tx.query(sql, params.slice(0, used)));
    return { rows: rows.length };
  } catch (error) {
    return { error: String((error as { code?: string }).code) };
  }
}

const blocked = (outcome: Outcome) => ('error' in outcome ? outcome.error === '42501' : outcome.rows === 0);

interface TableCase {
  table: string;
  /** Rows of Demo Agency in this table, as the database owner sees them. */
  count: string;
  select: string;
  insert: string;
  update: string;
  delete: string;
}

// $1 is always Demo Agency's id; $2 a Demo Agency customer without insights.
const TABLES: TableCase[] = [
  {
    table: 'agencies',
    count: "select count(*)::int as n from public.agencies where id = $1 and name = 'Demo Agency'",
    select: 'select 1 from public.agencies where id = $1',
    insert: `insert into public.agencies (id, name, slug) values (gen_random_uuid(), 'Evil ' || $1::text, 'evil-' || left($2::text, 8)) returning 1`,
    update: `update public.agencies set name = 'Hacked' where id = $1 returning 1`,
    delete: 'delete from public.agencies where id = $1 returning 1',
  },
  {
    table: 'agency_members',
    count: 'select count(*)::int as n from public.agency_members where agency_id = $1',
    select: 'select 1 from public.agency_members where agency_id = $1',
    insert: `insert into public.agency_members (agency_id, user_id, role) values ($1, auth.uid(), 'owner') returning 1`,
    update: `update public.agency_members set role = 'viewer' where agency_id = $1 returning 1`,
    delete: `delete from public.agency_members where agency_id = $1 returning 1`,
  },
  {
    table: 'customers',
    count: "select count(*)::int as n from public.customers where agency_id = $1 and customer_since is distinct from '1900-01-01'",
    select: 'select 1 from public.customers where agency_id = $1',
    insert: `insert into public.customers (agency_id, external_id) values ($1, 'EVIL-' || $2::text) returning 1`,
    update: `update public.customers set customer_since = '1900-01-01' where agency_id = $1 returning 1`,
    delete: `delete from public.customers where agency_id = $1 returning 1`,
  },
  {
    table: 'contacts',
    count: "select count(*)::int as n from public.contacts where agency_id = $1 and role is distinct from 'Hacked'",
    select: 'select 1 from public.contacts where agency_id = $1',
    insert: `insert into public.contacts (agency_id, customer_id, role) values ($1, $2, 'Evil') returning 1`,
    update: `update public.contacts set role = 'Hacked' where agency_id = $1 returning 1`,
    delete: `delete from public.contacts where agency_id = $1 returning 1`,
  },
  {
    table: 'policies',
    count: 'select count(*)::int as n from public.policies where agency_id = $1 and annual_premium <> 0',
    select: 'select 1 from public.policies where agency_id = $1',
    insert: `insert into public.policies (agency_id, customer_id, external_id, line_of_business, annual_premium, effective_date)
             values ($1, $2, 'EVIL-P', 'auto', 1, '2026-01-01') returning 1`,
    update: `update public.policies set annual_premium = 0 where agency_id = $1 returning 1`,
    delete: `delete from public.policies where agency_id = $1 returning 1`,
  },
  {
    table: 'customer_insights',
    count: "select count(*)::int as n from public.customer_insights where agency_id = $1 and tenure_start is distinct from '1999-01-01'",
    select: 'select 1 from public.customer_insights where agency_id = $1',
    insert: `insert into public.customer_insights (customer_id, agency_id, tier) values ($2, $1, 'elite') returning 1`,
    update: `update public.customer_insights set tenure_start = '1999-01-01' where agency_id = $1 returning 1`,
    delete: `delete from public.customer_insights where agency_id = $1 returning 1`,
  },
  {
    table: 'application_logs',
    count: "select count(*)::int as n from public.application_logs where agency_id = $1 and status = 'ok'",
    select: 'select 1 from public.application_logs where agency_id = $1',
    insert: `insert into public.application_logs (agency_id, job, status) values ($1, 'evil-' || $2::text, 'ok') returning 1`,
    update: `update public.application_logs set status = 'error' where agency_id = $1 returning 1`,
    delete: `delete from public.application_logs where agency_id = $1 returning 1`,
  },
  {
    table: 'audit_events',
    count: "select count(*)::int as n from public.audit_events where agency_id = $1 and action = 'export'",
    select: 'select 1 from public.audit_events where agency_id = $1',
    insert: `insert into public.audit_events (agency_id, actor_id, action) values ($1, auth.uid(), 'evil-' || $2::text) returning 1`,
    update: `update public.audit_events set action = 'forged' where agency_id = $1 returning 1`,
    delete: `delete from public.audit_events where agency_id = $1 returning 1`,
  },
  {
    table: 'segmentation_settings',
    count: `select count(*)::int as n from public.segmentation_settings where agency_id = $1 and version = 2`,
    select: 'select 1 from public.segmentation_settings where agency_id = $1',
    insert: `insert into public.segmentation_settings (agency_id, rules) values ($1, '{}') returning 1`,
    update: `update public.segmentation_settings set version = 99 where agency_id = $1 returning 1`,
    delete: 'delete from public.segmentation_settings where agency_id = $1 returning 1',
  },
  {
    table: 'segmentation_settings_history',
    count: `select count(*)::int as n from public.segmentation_settings_history where agency_id = $1 and version = 2`,
    select: 'select 1 from public.segmentation_settings_history where agency_id = $1',
    insert: `insert into public.segmentation_settings_history (agency_id, version, rules, changed_by) values ($1, 3, '{}', auth.uid()) returning 1`,
    update: `update public.segmentation_settings_history set version = 99 where agency_id = $1 returning 1`,
    delete: 'delete from public.segmentation_settings_history where agency_id = $1 returning 1',
  },
  {
    table: 'agency_insight_summaries',
    count: `select count(*)::int as n from public.agency_insight_summaries where agency_id = $1 and inactive_customers >= 0`,
    select: 'select 1 from public.agency_insight_summaries where agency_id = $1',
    insert: `insert into public.agency_insight_summaries (agency_id, as_of, computed_at, rules, rules_version, inactive_customers)
             values ($1, '2026-01-01', now(), '{}', 1, 0) returning 1`,
    update: `update public.agency_insight_summaries set inactive_customers = -1 where agency_id = $1 returning 1`,
    delete: 'delete from public.agency_insight_summaries where agency_id = $1 returning 1',
  },
  {
    table: 'customer_segment_totals',
    count: `select count(*)::int as n from public.customer_segment_totals where agency_id = $1 and customers > 0`,
    select: 'select 1 from public.customer_segment_totals where agency_id = $1',
    insert: `insert into public.customer_segment_totals (agency_id, tier, customers, annual_premium, line_sum, active_policies, cross_sell)
             values ($1, 'elite', 1, 1, 1, 1, 0) returning 1`,
    update: `update public.customer_segment_totals set customers = 0 where agency_id = $1 returning 1`,
    delete: 'delete from public.customer_segment_totals where agency_id = $1 returning 1',
  },
  {
    table: 'insight_snapshot_totals',
    count: `select count(*)::int as n from public.insight_snapshot_totals where agency_id = $1 and customers > 0`,
    select: 'select 1 from public.insight_snapshot_totals where agency_id = $1',
    insert: `insert into public.insight_snapshot_totals (agency_id, as_of, tier, customers, annual_premium, line_sum, active_policies, cross_sell)
             select $1, as_of, 'elite', 1, 1, 1, 1, 0 from public.insight_refresh_days where agency_id = $1 limit 1 returning 1`,
    update: `update public.insight_snapshot_totals set customers = 0 where agency_id = $1 returning 1`,
    delete: 'delete from public.insight_snapshot_totals where agency_id = $1 returning 1',
  },
  {
    table: 'insight_snapshot_retention',
    count: `select count(*)::int as n from public.insight_snapshot_retention where agency_id = $1 and customers_then > 0`,
    select: 'select 1 from public.insight_snapshot_retention where agency_id = $1',
    insert: `insert into public.insight_snapshot_retention (agency_id, as_of, cohort, customers_then, customers_retained, lines_then,
               lines_retained, premium_then, premium_now)
             select $1, as_of, 'forged', 1, 1, 1, 1, 1, 1 from public.insight_refresh_days where agency_id = $1 limit 1 returning 1`,
    update: `update public.insight_snapshot_retention set customers_then = 0 where agency_id = $1 returning 1`,
    delete: 'delete from public.insight_snapshot_retention where agency_id = $1 returning 1',
  },
  {
    table: 'history_backfill_runs',
    count: `select count(*)::int as n from public.history_backfill_runs where agency_id = $1 and status = 'done'`,
    select: 'select 1 from public.history_backfill_runs where agency_id = $1',
    // A forged run would block the real one (one running run per agency).
    insert: `insert into public.history_backfill_runs (agency_id, months_total) values ($1, 36) returning 1`,
    update: `update public.history_backfill_runs set status = 'running' where agency_id = $1 returning 1`,
    delete: 'delete from public.history_backfill_runs where agency_id = $1 returning 1',
  },
];

describe(`row level security on ${process.env.TEST_BACKEND ?? 'pglite'}`, () => {
  let test: TestDatabase;
  let spareCustomerId: string;
  const params = (): SqlParam[] => [DEMO_AGENCY_ID, spareCustomerId];
  const ownerCount = async (sql: string) => (await test.db.query<{ n: number }>(sql, [DEMO_AGENCY_ID]))[0]!.n;

  beforeAll(async () => {
    test = await createSeededDatabase({ customers: 12 });
    await addPlatformRows(test.db);
    await addSegmentationSettings(test.db);
    const [spare] = await test.db.query<{ id: string }>(
      `insert into public.customers (agency_id, external_id) values ($1, 'C-SPARE') returning id`,
      [DEMO_AGENCY_ID],
    );
    spareCustomerId = spare!.id;
    await test.db.query(
      `insert into public.history_backfill_runs (agency_id, status, months_total, months_done, finished_at) values ($1, 'done', 36, 36, now())`,
      [DEMO_AGENCY_ID],
    );
    // A retention figure, as a month-end refresh with a year of history records it.
    await test.db.query(
      `insert into public.insight_snapshot_retention (agency_id, as_of, cohort, customers_then, customers_retained, lines_then,
         lines_retained, premium_then, premium_now)
       select agency_id, as_of, 'all', 10, 9, 15, 14, 1000, 990 from public.insight_refresh_days where agency_id = $1 limit 1`,
      [DEMO_AGENCY_ID],
    );
  });
  afterAll(() => test.drop());

  describe.each(TABLES)('$table', (tableCase) => {
    it('a user of another agency can neither read nor change Demo Agency rows', async () => {
      const before = await ownerCount(tableCase.count);
      expect(before).toBeGreaterThan(0);
      expect(await attempt(USERS.outsider, tableCase.select, params())).toEqual({ rows: 0 });
      for (const statement of [tableCase.insert, tableCase.update, tableCase.delete]) {
        expect(blocked(await attempt(USERS.outsider, statement, params()))).toBe(true);
      }
      expect(await ownerCount(tableCase.count)).toBe(before);
    });

    it('a viewer of Demo Agency can read but not change it', async () => {
      const before = await ownerCount(tableCase.count);
      const canReadLogs = !['application_logs', 'audit_events'].includes(tableCase.table);
      const read = await attempt(USERS.viewer, tableCase.select, params());
      // Job logs and the audit trail are for owners and admins only.
      expect(read).toEqual(canReadLogs ? { rows: expect.any(Number) } : { rows: 0 });
      if (canReadLogs) expect((read as { rows: number }).rows).toBeGreaterThan(0);
      const writes =
        tableCase.table === 'audit_events' ? [tableCase.update, tableCase.delete] : [tableCase.insert, tableCase.update, tableCase.delete];
      for (const statement of writes) {
        expect(blocked(await attempt(USERS.viewer, statement, params()))).toBe(true);
      }
      expect(await ownerCount(tableCase.count)).toBe(before);
    });
  });

  it('owners and admins can change the book; agents cannot', async () => {
    const rename = `update public.customers set customer_since = '2000-01-01' where id = $2 and agency_id = $1 returning 1`;
    expect(await attempt(USERS.agent, rename, params())).toEqual({ rows: 0 });
    expect(await attempt(USERS.admin, rename, params())).toEqual({ rows: 1 });
    expect(await attempt(USERS.owner, rename, params())).toEqual({ rows: 1 });
  });

  it('an admin cannot make anyone an owner, an owner can', async () => {
    const promote = `update public.agency_members set role = 'owner' where agency_id = $1 and user_id = $2 returning 1`;
    const agent = userIdOf(USERS.agent);
    expect(blocked(await attempt(USERS.admin, promote, [DEMO_AGENCY_ID, agent]))).toBe(true);
    expect(await attempt(USERS.owner, promote, [DEMO_AGENCY_ID, agent])).toEqual({ rows: 1 });
    await test.db.query(`update public.agency_members set role = 'agent' where user_id = $1`, [agent]);
  });

  it('the last owner cannot be removed or demoted', async () => {
    const demote = `update public.agency_members set role = 'admin' where agency_id = $1 and user_id = $2 returning 1`;
    expect(await attempt(USERS.owner, demote, [DEMO_AGENCY_ID, userIdOf(USERS.owner)])).toEqual({ error: 'SEG01' });
  });

  it('a member records only their own audit events', async () => {
    const forged = `insert into public.audit_events (agency_id, actor_id, action) values ($1, $2, 'export') returning 1`;
    expect(blocked(await attempt(USERS.viewer, forged, [DEMO_AGENCY_ID, userIdOf(USERS.owner)]))).toBe(true);
    expect(await attempt(USERS.viewer, forged, [DEMO_AGENCY_ID, userIdOf(USERS.viewer)])).toEqual({ rows: 1 });
  });

  it("leaves the daily refresh's run records to the service: no member reads or writes them", async () => {
    await test.db.query(
      `insert into public.scheduled_refresh_runs (agency_id, run_day, status, claimed_by) values ($1, '2026-06-30', 'ok', 'test')`,
      [DEMO_AGENCY_ID],
    );
    for (const email of [USERS.owner, USERS.viewer, USERS.outsider]) {
      expect(await attempt(email, 'select 1 from public.scheduled_refresh_runs where agency_id = $1', params())).toEqual({
        error: '42501',
      });
      const claim = `insert into public.scheduled_refresh_runs (agency_id, run_day, status, claimed_by) values ($1, '2026-07-01', 'running', 'evil') returning 1`;
      expect(await attempt(email, claim, params())).toEqual({ error: '42501' });
      expect(
        await attempt(email, `update public.scheduled_refresh_runs set status = 'ok' where agency_id = $1 returning 1`, params()),
      ).toEqual({
        error: '42501',
      });
    }
    expect(await ownerCount('select count(*)::int as n from public.scheduled_refresh_runs where agency_id = $1')).toBe(1);
  });

  it('leaves the usage counters to the service: no member reads them or inflates them', async () => {
    await test.db.query(`insert into public.usage_counts (agency_id, day, kind, count) values ($1, '2026-06-30', 'dashboard-view', 3)`, [
      DEMO_AGENCY_ID,
    ]);
    for (const email of [USERS.owner, USERS.viewer, USERS.outsider]) {
      expect(await attempt(email, 'select 1 from public.usage_counts where agency_id = $1', params())).toEqual({ error: '42501' });
      const inflate = `insert into public.usage_counts (agency_id, day, kind, count) values ($1, '2026-07-01', 'dashboard-view', 1000) returning 1`;
      expect(await attempt(email, inflate, params())).toEqual({ error: '42501' });
      expect(await attempt(email, `update public.usage_counts set count = 1000 where agency_id = $1 returning 1`, params())).toEqual({
        error: '42501',
      });
    }
    expect(await ownerCount('select sum(count)::int as n from public.usage_counts where agency_id = $1')).toBe(3);
  });

  it('API roles cannot read password hashes', async () => {
    expect(blocked(await attempt(USERS.owner, 'select encrypted_password from auth.users', params()))).toBe(true);
  });
});

describe(`PII columns on ${process.env.TEST_BACKEND ?? 'pglite'}`, () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createSeededDatabase({ customers: 12 });
    await addPlatformRows(test.db);
  });
  afterAll(() => test.drop());

  // On Supabase a signed-in user can query tables with their own token through the REST API;
  // raw names, emails and phones must not be readable that way, whatever the role.
  it.each([USERS.viewer, USERS.owner])('are closed to direct selects by %s', async (email) => {
    expect(await attempt(email, 'select pii_ciphertext from public.customers where agency_id = $1', [DEMO_AGENCY_ID])).toEqual({
      error: '42501',
    });
    expect(await attempt(email, 'select email_blind_index from public.contacts where agency_id = $1', [DEMO_AGENCY_ID])).toEqual({
      error: '42501',
    });
    expect(await attempt(email, 'select id, external_id from public.customers where agency_id = $1', [DEMO_AGENCY_ID])).toEqual({
      rows: 12,
    });
  });

  it("are served by the PII functions only for the caller's own agencies", async () => {
    const read = `select * from private.customer_pii(array(select id from public.customers where agency_id = $1))`;
    const ids = await test.db.query<{ id: string }>('select id from public.customers where agency_id = $1', [DEMO_AGENCY_ID]);
    const direct = `select * from private.customer_pii($1::uuid[])`;
    expect(await attempt(USERS.agent, read, [DEMO_AGENCY_ID])).toEqual({ rows: 12 });
    expect(await attempt(USERS.outsider, direct, [ids.map((r) => r.id)])).toEqual({ rows: 0 });
    const contactIds = await test.db.query<{ id: string }>('select id from public.contacts where agency_id = $1', [DEMO_AGENCY_ID]);
    expect(await attempt(USERS.outsider, `select * from private.contact_pii($1::uuid[])`, [contactIds.map((r) => r.id)])).toEqual({
      rows: 0,
    });
  });
});

// Real concurrency needs two connections: the PostgreSQL server backend.
if (testBackend() === 'postgres') {
  describe('the last-owner rule under concurrency', () => {
    let test: TestDatabase;
    beforeAll(async () => {
      test = await createSeededDatabase({ customers: 1 });
      await test.db.query(`update public.agency_members set role = 'owner' where user_id = $1`, [userIdOf(USERS.admin)]);
    });
    afterAll(() => test.drop());

    it('two owners demoting each other at once leave exactly one owner', async () => {
      const demote = (actor: string, target: string) =>
        asUser(claimsOf(actor), async (tx) => {
          await tx.query(`update public.agency_members set role = 'admin' where agency_id = $1 and user_id = $2`, [
            DEMO_AGENCY_ID,
            userIdOf(target),
          ]);
          // Hold the transaction open so the two overlap.
          await tx.query('select pg_sleep(0.3)');
        });
      const results = await Promise.allSettled([demote(USERS.owner, USERS.admin), demote(USERS.admin, USERS.owner)]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const [owners] = await test.db.query<{ n: number }>(
        `select count(*) as n from public.agency_members where agency_id = $1 and role = 'owner'`,
        [DEMO_AGENCY_ID],
      );
      expect(owners!.n).toBe(1);
    });
  });
}
