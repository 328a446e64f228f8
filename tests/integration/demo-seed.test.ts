import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '@/lib/auth/password';
import { installDatabase } from '@/lib/db';
import { migrate } from '@/lib/db/migrate';
import { generateDemoBook } from '@/lib/seed/demo-book';
import { DEMO_PASSWORD, seedDemo, seedDemoIfEmpty } from '@/lib/seed/demo-seed';
import { backfillDays } from '@/lib/segmentation/backfill';
import { monthEndBefore } from '@/lib/segmentation/dates';
import { listSnapshotDays, resolveSnapshotDay } from '@/lib/segmentation/snapshot-days';
import { TIERS } from '@/lib/segmentation/tiers';
import { createEmptyDatabase, testBackend, type TestDatabase } from '../helpers/database';
import { tierTotalsOn } from '../helpers/demo-book-scores';
import { DEMO_AGENCY_ID, SECOND_AGENCY_ID, USERS } from '../helpers/fixtures';

describe(`demo seed on ${testBackend()}`, () => {
  let test: TestDatabase;
  let asOf: string;
  const fingerprint = () =>
    test.db.query<Record<string, string>>(
      `select (select md5(string_agg(c::text, ',' order by c.id)) from (select id, external_id, kind, customer_since, pii_digest, email_blind_index from customers) c) as customers,
              (select md5(string_agg(p::text, ',' order by p.id)) from (select id, customer_id, external_id, line_of_business, annual_premium, effective_date, expiration_date, status, cancellation_date, expired_on from policies) p) as policies,
              (select md5(string_agg(k::text, ',' order by k.id)) from (select id, customer_id, pii_digest, contact_key, role, is_primary from contacts) k) as contacts,
              (select md5(string_agg(d::text, ',' order by d.agency_id, d.as_of)) from (select agency_id, as_of, source, inactive_customers, rules_version from insight_refresh_days) d) as days,
              (select md5(string_agg(t::text, ',' order by t.agency_id, t.as_of, t.tier)) from insight_snapshot_totals t) as totals,
              (select md5(string_agg(r::text, ',' order by r.agency_id, r.as_of, r.cohort)) from insight_snapshot_retention r) as retention,
              (select md5(string_agg(h::text, ',' order by h.customer_id, h.valid_from)) from (select customer_id, valid_from, tier, annual_premium, lines, active_policies from customer_tier_history) h) as history`,
    );
  const snapshotDays = () => listSnapshotDays(test.db, DEMO_AGENCY_ID);
  /** The snapshot a named period resolves to, as every time feature resolves it. */
  const snapshotFor = async (period: '30d' | 'year') => resolveSnapshotDay(await snapshotDays(), period, 'test')!;
  const totalsOn = async (day: string) => {
    const rows = await test.db.query<{ tier: string; customers: number; premium: string }>(
      'select tier, customers, annual_premium::text as premium from insight_snapshot_totals where agency_id = $1 and as_of = $2 order by tier',
      [DEMO_AGENCY_ID, day],
    );
    return Object.fromEntries(rows.map(({ tier, ...figures }) => [tier, figures]));
  };
  /** Customers who left Elite/Premium for a lower tier or none, and who rose, between two snapshots (tier history). */
  const moversBetween = async (from: string, to: string) => {
    const [row] = await test.db.query<{ down: number; up: number }>(
      `with ranked as (
         select s.customer_id, array_position($4::text[], s.tier::text) as then_rank, array_position($4::text[], n.tier::text) as now_rank,
                s.tier::text as then_tier
         from private.history_states_on($1, $2) s
         left join private.history_states_on($1, $3) n on n.customer_id = s.customer_id
         where s.tier is not null)
       select count(*) filter (where then_tier in ('elite', 'premium') and (now_rank is null or now_rank > then_rank))::int as down,
              count(*) filter (where now_rank < then_rank)::int as up
       from ranked`,
      [DEMO_AGENCY_ID, from, to, TIERS],
    );
    return row!;
  };

  beforeAll(async () => {
    test = await createEmptyDatabase();
    await migrate(test.db);
    installDatabase(test.db);
  });
  afterAll(() => test.drop());

  it("fills an empty database with Demo Agency's realistic book and an empty Second Agency", async () => {
    const result = await seedDemoIfEmpty(test.db);
    asOf = result!.asOf;
    expect(result).toMatchObject({ customers: 2500 });
    // 36 months of policies: renewals at a new premium and rewrites are policies of their own.
    expect(result!.policies).toBeGreaterThan(7500);
    expect(result!.policies).toBeLessThan(9500);
    // What the dashboard counts: those with a policy in force, fewer than all on file (which keeps
    // the customers who left over the 36 months).
    const [inForce] = await test.db.query<{ customers: number; policies: number }>(
      `select count(*) filter (where tier is not null)::int as customers, coalesce(sum(active_policy_count), 0)::int as policies
       from customer_insights where agency_id = $1`,
      [DEMO_AGENCY_ID],
    );
    expect(result).toMatchObject({ customersInForce: inForce!.customers, policiesInForce: inForce!.policies });
    expect(result!.customersInForce).toBeGreaterThan(1900);
    expect(result!.customersInForce).toBeLessThan(2300);
    expect(result!.policiesInForce).toBeLessThan(result!.policies);
    expect(result!.snapshotDays).toBe(37);

    const [book] = await test.db.query<{ orgs: number; orgs_with_contacts: number; statuses: string[]; upcoming: number; lines: number }>(
      `select (select count(*) from customers where agency_id = $1 and kind = 'organization') as orgs,
              (select count(distinct customer_id) from contacts where agency_id = $1) as orgs_with_contacts,
              (select array_agg(distinct status::text order by status::text) from policies where agency_id = $1) as statuses,
              (select count(*) from policies where agency_id = $1 and effective_date > current_date) as upcoming,
              (select count(distinct line_of_business) from policies where agency_id = $1) as lines`,
      [DEMO_AGENCY_ID],
    );
    expect(book!.orgs / 2500).toBeGreaterThan(0.07);
    expect(book!.orgs / 2500).toBeLessThan(0.13);
    expect(book!.orgs_with_contacts).toBe(book!.orgs);
    expect(book!.statuses).toEqual(['active', 'cancelled', 'expired']);
    expect(book!.upcoming).toBeGreaterThan(0);
    expect(book!.lines).toBeGreaterThan(10);

    const [second] = await test.db.query<{ n: number }>('select count(*) as n from customers where agency_id = $1', [SECOND_AGENCY_ID]);
    expect(second!.n).toBe(0);
  });

  it("keeps 36 month-end snapshots computed from the book's dates, and the day itself; Second Agency has the day only", async () => {
    const days = await test.db.query<{ as_of: string; source: string }>(
      'select as_of::text, source from insight_refresh_days where agency_id = $1 order by as_of',
      [DEMO_AGENCY_ID],
    );
    expect(days).toEqual([
      ...backfillDays(36, asOf).map((day) => ({ as_of: day, source: 'backfill' })),
      { as_of: asOf, source: 'refresh' },
    ]);
    expect(await listSnapshotDays(test.db, SECOND_AGENCY_ID)).toEqual([asOf]);

    // The history is the book's: each tier's customers and premium, to the cent, as the
    // segmentation scores the generated policies on that day.
    const generated = generateDemoBook({ agencySlug: 'demo-agency', asOf, customers: 2500 });
    for (const day of [backfillDays(36, asOf)[0]!, await snapshotFor('year'), asOf])
      expect(await totalsOn(day), day).toEqual(tierTotalsOn(generated, day));
  });

  it('moves over the 36 months: customers, premium and every count differ between 12 months ago and today', async () => {
    const yearAgo = await snapshotFor('year');
    const [then, now] = [await totalsOn(yearAgo), await totalsOn(asOf)];
    const sum = (totals: Record<string, { customers: number; premium: string }>, field: 'customers' | 'premium') =>
      Object.values(totals).reduce((total, figures) => total + Number(figures[field]), 0);
    expect(sum(now, 'customers')).not.toBe(sum(then, 'customers'));
    expect(sum(now, 'premium')).not.toBe(sum(then, 'premium'));
    // Each tier's count moves; allow one to land where it was by chance (the day varies with the calendar).
    expect(TIERS.filter((tier) => now[tier]!.customers !== then[tier]!.customers).length).toBeGreaterThanOrEqual(3);
    // The trend has a different picture every month, not one flat line.
    const monthly = await test.db.query<{ customers: number }>(
      'select sum(customers)::int as customers from insight_snapshot_totals where agency_id = $1 group by as_of',
      [DEMO_AGENCY_ID],
    );
    expect(new Set(monthly.map((row) => row.customers)).size).toBeGreaterThan(20);
  });

  it('has customers who moved down out of Elite/Premium and who rose, over the last 12 months and the last 30 days', async () => {
    const year = await moversBetween(await snapshotFor('year'), asOf);
    expect(year.down).toBeGreaterThan(30);
    expect(year.up).toBeGreaterThan(30);
    const month = await moversBetween(await snapshotFor('30d'), asOf);
    expect(month.down).toBeGreaterThanOrEqual(3);
    expect(month.up).toBeGreaterThanOrEqual(3);
  });

  it('records retention at the latest month-end: monoline customers are kept less often than those with 3+ lines', async () => {
    const latestMonthEnd = monthEndBefore(asOf, 0) === asOf ? asOf : monthEndBefore(asOf, 1);
    const rows = await test.db.query<{ cohort: string; customers_then: number; customers_retained: number }>(
      'select cohort, customers_then, customers_retained from insight_snapshot_retention where agency_id = $1 and as_of = $2',
      [DEMO_AGENCY_ID, latestMonthEnd],
    );
    const rate = (cohort: string) => {
      const row = rows.find((r) => r.cohort === cohort)!;
      return row.customers_retained / row.customers_then;
    };
    expect(rows.map((row) => row.cohort).sort()).toEqual(
      ['all', 'lines:1', 'lines:2', 'lines:3+', 'tier:elite', 'tier:entry', 'tier:premium', 'tier:standard'].sort(),
    );
    expect(rate('lines:1')).toBeLessThan(rate('lines:3+') - 0.05);
    expect(rate('all')).toBeGreaterThan(0.8);
    expect(rate('all')).toBeLessThan(0.97);
  });

  it('counts a rewrite under a new policy number as a retained line', async () => {
    const now = monthEndBefore(asOf, 0) === asOf ? asOf : monthEndBefore(asOf, 1);
    const then = monthEndBefore(now, 12);
    // In force on a day (SPEC §11), the day a bound parameter: $2 a year back, $3 the month-end.
    const inForce = (alias: string, day: '$2' | '$3') =>
      `public.policy_in_force_on(${alias}.effective_date, ${alias}.ends_on, ${day}::date)`;
    // A policy in force a year ago, cancelled since and replaced the same day by a new number on
    // the same line, in force now; no other policy of that line lasted the year.
    const [rewrite] = await test.db.query<{ customer_id: string; line_key: string; old_number: string; new_number: string }>(
      `select old.customer_id, old.line_key, old.external_id as old_number, new.external_id as new_number
       from policies old
       join policies new on new.customer_id = old.customer_id and new.line_key = old.line_key and new.id <> old.id
         and new.effective_date = old.cancellation_date
       where old.agency_id = $1 and old.status = 'cancelled' and ${inForce('old', '$2')} and ${inForce('new', '$3')}
         and not exists (select 1 from policies kept where kept.customer_id = old.customer_id and kept.line_key = old.line_key
                         and ${inForce('kept', '$2')} and ${inForce('kept', '$3')})
       order by old.external_id limit 1`,
      [DEMO_AGENCY_ID, then, now],
    );
    expect(rewrite, 'a rewrite across the year').toBeDefined();
    const linesOf = async (day: string) => {
      const [state] = await test.db.query<{ lines: string[] }>(
        'select lines from private.history_states_on($1, $2) where customer_id = $3',
        [DEMO_AGENCY_ID, day, rewrite!.customer_id],
      );
      return state!.lines;
    };
    expect(await linesOf(then)).toContain(rewrite!.line_key);
    expect(await linesOf(now)).toContain(rewrite!.line_key);

    // Line retention counts (customer, line) pairs, whatever the policy numbers: the recorded
    // figure is the pairs in force then that are in force now, which a count by policy misses.
    const [pairs] = await test.db.query<{ lines_then: number; by_line: number; by_policy: number }>(
      `with then_pairs as (select distinct customer_id, line_key from policies p where agency_id = $1 and ${inForce('p', '$2')}),
            now_pairs as (select distinct customer_id, line_key from policies p where agency_id = $1 and ${inForce('p', '$3')}),
            same_policy as (select distinct customer_id, line_key from policies p where agency_id = $1 and ${inForce('p', '$2')} and ${inForce('p', '$3')})
       select (select count(*) from then_pairs)::int as lines_then,
              (select count(*) from then_pairs join now_pairs using (customer_id, line_key))::int as by_line,
              (select count(*) from same_policy)::int as by_policy`,
      [DEMO_AGENCY_ID, then, now],
    );
    const [recorded] = await test.db.query<{ lines_then: number; lines_retained: number }>(
      `select lines_then, lines_retained from insight_snapshot_retention where agency_id = $1 and as_of = $2 and cohort = 'all'`,
      [DEMO_AGENCY_ID, now],
    );
    expect(recorded).toEqual({ lines_then: pairs!.lines_then, lines_retained: pairs!.by_line });
    expect(pairs!.by_policy).toBeLessThan(pairs!.by_line);
  });

  it('creates every demo user with the demo password', async () => {
    for (const email of Object.values(USERS)) {
      expect(await verifyPassword(email, DEMO_PASSWORD), email).toMatchObject({ email });
      expect(await verifyPassword(email, 'wrong')).toBeNull();
    }
  });

  it('does nothing on a later start, and db:seed resets to exactly the same data and history', async () => {
    const before = await fingerprint();
    expect(await seedDemoIfEmpty(test.db)).toBeNull();
    await test.db.query(`update policies set annual_premium = 0`);
    await test.db.query(`delete from insight_snapshot_totals where as_of < $1`, [asOf]);
    await seedDemo(test.db, { asOf });
    expect(await fingerprint()).toEqual(before);
  });
});
