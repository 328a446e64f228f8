import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfillAgency } from '@/lib/segmentation/backfill';
import { refreshAgency } from '@/lib/segmentation/refresh';
import { createSeededDatabase, testBackend, type TestDatabase } from '../helpers/database';
import { SECOND_AGENCY_ID } from '../helpers/fixtures';
import { EXPECTED, HISTORY_MONTHS, loadTimeBook, TODAY, YEAR_AGO } from '../helpers/time-book';

/**
 * SPEC §11's snapshots on the hand-computed book (tests/helpers/time-book.ts): the backfill from
 * policy dates, the day's refresh, their totals and retention to the cent; running the backfill
 * again, or beside a refresh, changes nothing.
 */
describe(`history: backfilled month-ends and daily snapshots, on ${testBackend()}`, () => {
  let test: TestDatabase;
  const agencyId = SECOND_AGENCY_ID;

  const totalsOn = async (day: string) => {
    const rows = await test.db.query<{ tier: string; customers: number; premium: string }>(
      `select tier, customers, annual_premium::text as premium from insight_snapshot_totals where agency_id = $1 and as_of = $2`,
      [agencyId, day],
    );
    const [days] = await test.db.query<{ inactive: number }>(
      'select inactive_customers as inactive from insight_refresh_days where agency_id = $1 and as_of = $2',
      [agencyId, day],
    );
    const tiers: Record<string, { customers: number; premium: string }> = Object.fromEntries(
      rows.map((row) => [row.tier, { customers: row.customers, premium: row.premium }]),
    );
    return { ...tiers, inactive: days?.inactive } as typeof tiers & { inactive?: number };
  };
  const historyState = () =>
    test.db.query(
      `select d.as_of::text, d.source, d.inactive_customers, t.tier, t.customers, t.annual_premium::text, t.cross_sell,
              (select count(*)::int from customer_tier_history h where h.agency_id = d.agency_id) as history_rows
       from insight_refresh_days d left join insight_snapshot_totals t on t.agency_id = d.agency_id and t.as_of = d.as_of
       where d.agency_id = $1 order by 1, 4`,
      [agencyId],
    );

  beforeAll(async () => {
    test = await createSeededDatabase({ customers: 10 });
    await loadTimeBook(test.db, agencyId);
  });
  afterAll(() => test.drop());

  it('keeps a snapshot for each backfilled month-end and the refresh day, with its tiers to the cent', async () => {
    const days = await test.db.query<{ as_of: string; source: string }>(
      'select as_of::text, source from insight_refresh_days where agency_id = $1 order by as_of',
      [agencyId],
    );
    expect(days).toHaveLength(HISTORY_MONTHS + 1);
    expect(days.at(0)).toEqual({ as_of: '2025-04-30', source: 'backfill' });
    expect(days.at(-2)).toEqual({ as_of: '2026-05-31', source: 'backfill' });
    expect(days.at(-1)).toEqual({ as_of: TODAY, source: 'refresh' });
    expect(await totalsOn(YEAR_AGO)).toEqual(EXPECTED.tiers[YEAR_AGO]);
    expect(await totalsOn(TODAY)).toEqual(EXPECTED.tiers[TODAY]);
  });

  // The backfill adds each month's changes to the month before's totals: the sums must be those of
  // every customer's state on the day, read from the tier history.
  it("keeps every snapshot's totals equal to its customers' states that day", async () => {
    const mismatches = await test.db.query(
      `select d.as_of::text, t.tier, t.customers, s.customers as from_states, t.annual_premium, s.premium, t.cross_sell, s.cross_sell as cs
       from insight_refresh_days d
       cross join lateral (
         select h.tier, count(*)::int as customers, sum(h.annual_premium) as premium, sum(cardinality(h.lines)) as line_sum,
                sum(h.active_policies) as policies, count(*) filter (where h.tier in ('elite', 'premium') and cardinality(h.lines) = 1)::int as cross_sell
         from private.history_states_on(d.agency_id, d.as_of) h group by h.tier
       ) s
       full join insight_snapshot_totals t on t.agency_id = d.agency_id and t.as_of = d.as_of and t.tier = s.tier
       where d.agency_id = $1 and (s.tier is not null or t.tier is not null)
         and (t.customers, t.annual_premium, t.line_sum, t.active_policies, t.cross_sell)
             is distinct from (s.customers, s.premium, s.line_sum, s.policies, s.cross_sell)`,
      [agencyId],
    );
    expect(mismatches).toEqual([]);
    const inactive = await test.db.query(
      `select d.as_of::text from insight_refresh_days d
       where d.agency_id = $1
         and d.inactive_customers <> (select count(*) from private.history_states_on(d.agency_id, d.as_of) h where h.tier is null)`,
      [agencyId],
    );
    expect(inactive).toEqual([]);
  });

  it('records retention over the year to the month-end, overall, by tier then and by lines then', async () => {
    const rows = await test.db.query<Record<string, string | number>>(
      `select cohort, customers_then as "customersThen", customers_retained as "customersRetained", lines_then as "linesThen",
              lines_retained as "linesRetained", premium_then::text as "premiumThen", premium_now::text as "premiumNow"
       from insight_snapshot_retention where agency_id = $1 and as_of = $2`,
      [agencyId, TODAY],
    );
    expect(Object.fromEntries(rows.map(({ cohort, ...figures }) => [cohort, figures]))).toEqual(EXPECTED.retention);
    // Month-ends less than a year after the first snapshot have no retention: there is no "then".
    const [early] = await test.db.query<{ n: number }>(
      `select count(*)::int as n from insight_snapshot_retention where agency_id = $1 and as_of < '2026-04-30'`,
      [agencyId],
    );
    expect(early!.n).toBe(0);
  });

  // The backfill figures retention for all its month-ends in one pass over the history (each row a
  // span of days); every month-end's figures must be those of reading both days' states.
  it("keeps every month-end's retention equal to its customers' states then and now", async () => {
    const expected = `
      select d.as_of::text, k.cohort, count(*)::int as customers_then, (count(*) filter (where k.retained))::int as customers_retained,
             sum(k.lines_then)::int as lines_then, sum(k.lines_kept)::int as lines_retained, sum(k.premium_then) as premium_then,
             sum(k.premium_now) as premium_now
      from insight_snapshot_retention d
      cross join lateral (
        select cohorts.cohort, t.tier is not null and n.tier is not null as retained, cardinality(t.lines) as lines_then,
               t.annual_premium as premium_then, case when n.tier is null then 0 else n.annual_premium end as premium_now,
               case when n.tier is null then 0 else (select count(*) from unnest(t.lines) l where l = any (n.lines)) end as lines_kept
        from private.history_states_on(d.agency_id, (d.as_of - interval '12 months')::date) t
        join private.history_states_on(d.agency_id, d.as_of) n using (customer_id)
        cross join lateral (values ('all'), ('tier:' || t.tier), ('lines:' || least(cardinality(t.lines), 3)::text)) cohorts (cohort)
        where t.tier is not null
      ) k
      where d.agency_id = $1 and d.cohort = 'all'
      group by d.as_of, k.cohort`;
    const mismatches = await test.db.query(
      `select * from (${expected}) e
       full join (select as_of::text, cohort, customers_then, customers_retained, lines_then, lines_retained, premium_then, premium_now
                  from insight_snapshot_retention where agency_id = $1) r using (as_of, cohort)
       where (e.customers_then, e.customers_retained, e.lines_then, e.lines_retained, e.premium_then, e.premium_now)
             is distinct from (r.customers_then, r.customers_retained, r.lines_then, r.lines_retained, r.premium_then, r.premium_now)`,
      [agencyId],
    );
    expect(mismatches).toEqual([]);
    const [days] = await test.db.query<{ n: number }>(
      `select count(distinct as_of)::int as n from insight_snapshot_retention where agency_id = $1`,
      [agencyId],
    );
    // The month-ends from a year after the first snapshot to the refresh day.
    expect(days!.n).toBe(HISTORY_MONTHS - 11);
  });

  it('shows when a customer left and when one rose, in the tier history', async () => {
    const rows = await test.db.query<{ external_id: string; valid_from: string; tier: string | null }>(
      `select c.external_id, h.valid_from::text, h.tier from customer_tier_history h join customers c on c.id = h.customer_id
       where h.agency_id = $1 and c.external_id in ('T-B', 'T-E', 'T-D') order by 1, 2`,
      [agencyId],
    );
    // Each change of tier, in order (a row repeating the one before says nothing new).
    const path = (id: string) =>
      rows
        .filter((row) => row.external_id === id)
        .filter((row, index, own) => index === 0 || own[index - 1]!.tier !== row.tier)
        .map((row) => `${row.valid_from} ${row.tier ?? 'inactive'}`);
    expect(path('T-B')).toEqual(['2025-04-30 premium', `${EXPECTED.monthBLeft} inactive`]);
    expect(path('T-D')).toEqual(['2025-04-30 standard', '2025-08-31 inactive', '2026-03-31 standard']);
    expect(path('T-E')).toEqual(['2025-04-30 premium', `${EXPECTED.monthERose} elite`]);
  });

  it('changes nothing when the backfill runs again', async () => {
    const before = await historyState();
    const again = await backfillAgency(agencyId, { months: HISTORY_MONTHS, today: TODAY }, test.db);
    expect(again).toMatchObject({ months: HISTORY_MONTHS, computed: 0, retentionDays: 0 });
    expect(await historyState()).toEqual(before);
  });

  it('reaches further back without changing the months it had', async () => {
    const before = await historyState();
    const further = await backfillAgency(agencyId, { months: HISTORY_MONTHS + 6, today: TODAY }, test.db);
    expect(further.computed).toBe(6);
    const after = await historyState();
    const withoutRowCount = (rows: Record<string, unknown>[]) => rows.map(({ history_rows: _, ...rest }) => rest);
    expect(withoutRowCount(after).filter((row) => (row.as_of as string) >= '2025-04-30')).toEqual(withoutRowCount(before));
    expect(await totalsOn(YEAR_AGO)).toEqual(EXPECTED.tiers[YEAR_AGO]);
    // T-H was already Elite then.
    expect((await totalsOn('2024-10-31')).elite).toEqual({ customers: 1, premium: '15000.00' });
  });

  it('refuses a number of months outside 1–36, saying which', async () => {
    await expect(backfillAgency(agencyId, { months: 37, today: TODAY }, test.db)).rejects.toThrow(
      'Months must be a whole number from 1 to 36.',
    );
  });

  it("next day: the day's refresh recomputes only customers whose policies changed or started or ended", async () => {
    const next = await refreshAgency(agencyId, { mode: 'recent', asOf: '2026-07-01' }, test.db);
    expect(next.rows).toBe(0);
    expect(await totalsOn('2026-07-01')).toEqual(EXPECTED.tiers[TODAY]);
    await test.db.query(
      `insert into policies (agency_id, customer_id, external_id, line_of_business, annual_premium, effective_date)
       select $1, id, 'TF-2', 'home', 4000, '2026-07-02' from customers where agency_id = $1 and external_id = 'T-F'`,
      [agencyId],
    );
    const after = await refreshAgency(agencyId, { mode: 'recent', asOf: '2026-07-02' }, test.db);
    expect(after.rows).toBe(1);
    expect((await totalsOn('2026-07-02')).premium).toEqual({ customers: 2, premium: '8000.00' });
  });

  it('runs a backfill and a refresh of the same agency side by side, each whole', async () => {
    await test.db.query('delete from insight_refresh_days where agency_id = $1 and source = $2', [agencyId, 'backfill']);
    await test.db.query('delete from customer_tier_history where agency_id = $1 and valid_from < $2', [agencyId, TODAY]);
    await Promise.all([
      backfillAgency(agencyId, { months: HISTORY_MONTHS, today: TODAY }, test.db),
      refreshAgency(agencyId, { mode: 'full', asOf: '2026-07-02' }, test.db),
      refreshAgency(agencyId, { mode: 'recent', asOf: '2026-07-02' }, test.db),
    ]);
    expect(await totalsOn(YEAR_AGO)).toEqual(EXPECTED.tiers[YEAR_AGO]);
    expect((await totalsOn('2026-07-02')).premium).toEqual({ customers: 2, premium: '8000.00' });
    // The refresh day after the newest backfilled month keeps only rows that say something new
    // (its refresh had written every customer's): the movers of a period read only who moved.
    const repeats = await test.db.query(
      `select h.customer_id, h.valid_from::text from customer_tier_history h
       where h.agency_id = $1 and exists (
         select 1 from (select o.tier, o.annual_premium, o.lines, o.active_policies from customer_tier_history o
                        where o.customer_id = h.customer_id and o.valid_from < h.valid_from order by o.valid_from desc limit 1) b
         where (b.tier, b.annual_premium, b.lines, b.active_policies) is not distinct from (h.tier, h.annual_premium, h.lines, h.active_policies))`,
      [agencyId],
    );
    expect(repeats).toEqual([]);
  });
});
