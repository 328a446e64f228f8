import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as movementRoute } from '@/app/api/analytics/segmentation/movement/route';
import { GET as customerRoute } from '@/app/api/customers/[customerId]/route';
import type { Queryable } from '@/lib/db';
import { tierMovement, type MovementPath } from '@/lib/segmentation/movement';
import { refreshAgency } from '@/lib/segmentation/refresh';
import { createSeededDatabase, testBackend, type TestDatabase } from '../helpers/database';
import { DEMO_AGENCY_ID, SECOND_AGENCY_ID, USERS } from '../helpers/fixtures';
import { call, problemOf, signIn } from '../helpers/http';
import { rowsReadBy } from '../helpers/rows-read';
import { loadTimeBook } from '../helpers/time-book';

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/**
 * Second Agency's book on two refresh days, worked out by hand (default rules):
 *   2026-06-30: A $12,000 one line → elite; B $800 one line → entry; C $2,000 one line → standard.
 *   2026-07-31: A unchanged → elite; B adds $4,800 home → $5,600 → premium; C cancelled → inactive;
 *               D new, $300 → entry.
 */
describe(`tier movement on ${testBackend()}`, () => {
  let test: TestDatabase;
  let owner: string;
  const customers: Record<string, string> = {};

  const addPolicy = (customer: string, id: string, line: string, premium: string, effective = '2026-01-01') =>
    test.db.query(
      `insert into policies (agency_id, customer_id, external_id, line_of_business, annual_premium, effective_date, expiration_date)
       values ($1, $2, $3, $4, $5, $6, '2027-06-01')`,
      [SECOND_AGENCY_ID, customers[customer]!, id, line, premium, effective],
    );

  beforeAll(async () => {
    test = await createSeededDatabase({ customers: 5 });
    const addCustomer = async (name: string) => {
      const [row] = await test.db.query<{ id: string }>(`insert into customers (agency_id, external_id) values ($1, $2) returning id`, [
        SECOND_AGENCY_ID,
        name,
      ]);
      customers[name] = row!.id;
    };
    for (const name of ['A', 'B', 'C']) await addCustomer(name);
    await addPolicy('A', 'A1', 'Commercial Property', '12000.00');
    await addPolicy('B', 'B1', 'auto', '800.00');
    await addPolicy('C', 'C1', 'auto', '2000.00');
    await refreshAgency(SECOND_AGENCY_ID, { mode: 'agency', asOf: '2026-06-30' }, test.db);

    await addPolicy('B', 'B2', 'home', '4800.00', '2026-07-15');
    await test.db.query(`update policies set status = 'cancelled' where external_id = 'C1' and agency_id = $1`, [SECOND_AGENCY_ID]);
    await addCustomer('D');
    await addPolicy('D', 'D1', 'renters', '300.00', '2026-07-20');
    await refreshAgency(SECOND_AGENCY_ID, { mode: 'agency', asOf: '2026-07-31' }, test.db);
    // A second refresh the same day changes nothing in the history.
    await refreshAgency(SECOND_AGENCY_ID, { mode: 'agency', asOf: '2026-07-31' }, test.db);
    owner = await signIn(USERS.outsider);
  });
  afterAll(() => test.drop());

  it('matches the hand-computed movement, with customers and premium on each path', async () => {
    const response = await call(movementRoute as Handler, { path: '/api/analytics/segmentation/movement', cookie: owner });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ days: ['2026-07-31', '2026-06-30'], from: '2026-06-30', to: '2026-07-31' });
    expect(body.paths).toEqual([
      { from: 'elite', to: 'elite', customers: 1, premiumFrom: '12000.00', premiumTo: '12000.00' },
      { from: 'entry', to: 'premium', customers: 1, premiumFrom: '800.00', premiumTo: '5600.00' },
      { from: 'new', to: 'entry', customers: 1, premiumFrom: '0', premiumTo: '300.00' },
      { from: 'standard', to: 'inactive', customers: 1, premiumFrom: '2000.00', premiumTo: '0.00' },
    ]);
    const history = await test.db.query<{ external_id: string; valid_from: string; tier: string | null }>(
      `select c.external_id, h.valid_from, h.tier::text from customer_tier_history h join customers c on c.id = h.customer_id
       where h.agency_id = $1 order by 1, 2`,
      [SECOND_AGENCY_ID],
    );
    // A row only when something changed: A has one, the others two (D one, from its first day).
    expect(history.map((h) => `${h.external_id} ${h.valid_from} ${h.tier}`)).toEqual([
      'A 2026-06-30 elite',
      'B 2026-06-30 entry',
      'B 2026-07-31 premium',
      'C 2026-06-30 standard',
      'C 2026-07-31 null',
      'D 2026-07-31 entry',
    ]);
  });

  it("shows each customer's previous tier and when it changed", async () => {
    const detail = async (name: string) =>
      (
        await (
          await call(customerRoute as Handler, {
            path: `/api/customers/${customers[name]}`,
            params: { customerId: customers[name]! },
            cookie: owner,
          })
        ).json()
      ).tier;
    expect(await detail('B')).toEqual({ current: 'premium', previous: 'entry', changedOn: '2026-07-31' });
    expect(await detail('C')).toEqual({ current: null, previous: 'standard', changedOn: '2026-07-31' });
    expect(await detail('A')).toEqual({ current: 'elite', previous: null, changedOn: null });
  });

  it('answers a day without a snapshot with a field error naming it', async () => {
    const response = await call(movementRoute as Handler, {
      path: '/api/analytics/segmentation/movement?from=2026-07-15&to=2026-07-31',
      cookie: owner,
    });
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors).toEqual([
      { field: 'query.from', message: 'No snapshot was taken on 2026-07-15. The history holds snapshots from 2026-06-30 to 2026-07-31.' },
    ]);
  });

  it('answers a date range backwards with a field error', async () => {
    const response = await call(movementRoute as Handler, {
      path: '/api/analytics/segmentation/movement?from=2026-07-31&to=2026-06-30',
      cookie: owner,
    });
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors).toEqual([{ field: 'query.from', message: 'Must be on or before "to".' }]);
  });
});

/**
 * The movement read from the period's changes and from's totals, against every customer's state
 * read one by one on both days (the definition): the same paths, customers and premium to the
 * cent, for every pair of snapshot days of the demo seed's 36 months and of the hand-computed
 * book (tests/helpers/time-book.ts), and for a `from` recorded before snapshots kept totals.
 */
describe(`tier movement from the period's changes equals reading every customer, on ${testBackend()}`, () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createSeededDatabase({ customers: 300 });
    await loadTimeBook(test.db, SECOND_AGENCY_ID);
  });
  afterAll(() => test.drop());

  /** Each customer's latest history row on or before each day, every customer of the agency read. */
  const everyCustomer = (tx: Queryable, agencyId: string, from: string, to: string) =>
    tx.query<MovementPath>(
      `with states as (
         select coalesce(f.tier::text, case when f.valid_from is null then 'new' else 'inactive' end) as "from",
                coalesce(t.tier::text, case when t.valid_from is null then 'new' else 'inactive' end) as "to",
                coalesce(f.annual_premium, 0) as premium_from, coalesce(t.annual_premium, 0) as premium_to
         from customers c
         left join lateral (select h.tier, h.annual_premium, h.valid_from from customer_tier_history h
                            where h.customer_id = c.id and h.valid_from <= $2 order by h.valid_from desc limit 1) f on true
         left join lateral (select h.tier, h.annual_premium, h.valid_from from customer_tier_history h
                            where h.customer_id = c.id and h.valid_from <= $3 order by h.valid_from desc limit 1) t on true
         where c.agency_id = $1 and t.valid_from is not null
       )
       select "from", "to", count(*)::int as customers, sum(premium_from)::text as "premiumFrom", sum(premium_to)::text as "premiumTo"
       from states group by 1, 2 order by 1, 2`,
      [agencyId, from, to],
    );
  const snapshotDays = async (agencyId: string) =>
    (
      await test.db.query<{ as_of: string }>('select as_of::text from insight_refresh_days where agency_id = $1 order by as_of', [agencyId])
    ).map((row) => row.as_of);

  async function expectEveryPairTheSame(agencyId: string, minimumMoved: number) {
    const days = await snapshotDays(agencyId);
    expect(days.length).toBeGreaterThan(12);
    let moved = 0;
    for (const [index, from] of days.entries()) {
      // To itself, the next day, a year on and the latest: short and long periods, without every pair.
      for (const to of new Set([from, days[index + 1], days[index + 12], days.at(-1)!].filter((day) => day !== undefined))) {
        const expected = await everyCustomer(test.db, agencyId, from, to);
        expect(await tierMovement(test.db, agencyId, from, to), `${from} → ${to}`).toEqual(expected);
        moved += expected.filter((path) => path.from !== path.to).reduce((sum, path) => sum + path.customers, 0);
      }
    }
    // The books move (new, lost, up and down), so the comparison is not of empty or unchanged paths.
    expect(moved).toBeGreaterThan(minimumMoved);
  }

  it("on every pair of the demo seed's snapshot days", async () => {
    await expectEveryPairTheSame(DEMO_AGENCY_ID, 1000);
  });

  it("on every pair of the hand-computed book's snapshot days", async () => {
    await expectEveryPairTheSame(SECOND_AGENCY_ID, 50);
  });

  it("reads the period's changes only: no customer row, and fewer history rows than the book has customers", async () => {
    const [from, to] = (await snapshotDays(DEMO_AGENCY_ID)).slice(-2);
    const [book] = await test.db.query<{ customers: number }>('select count(*)::int as customers from customers where agency_id = $1', [
      DEMO_AGENCY_ID,
    ]);
    // Planned as on a live database, whose statistics autovacuum keeps.
    await test.db.exec('analyze customers, customer_tier_history');
    const { result: paths, read } = await rowsReadBy(test.db, ['customers', 'customer_tier_history'], (tx) =>
      tierMovement(tx, DEMO_AGENCY_ID, from!, to!),
    );
    expect(paths.length).toBeGreaterThan(3);
    expect(read.customers).toBe(0);
    expect(read.customer_tier_history).toBeGreaterThan(0);
    expect(read.customer_tier_history).toBeLessThan(book!.customers / 2);
  });

  it('from a day recorded before snapshots kept their totals', async () => {
    const [from, , , to] = (await snapshotDays(DEMO_AGENCY_ID)).slice(-14);
    await test.db.query('update insight_refresh_days set inactive_customers = null where agency_id = $1 and as_of = $2', [
      DEMO_AGENCY_ID,
      from!,
    ]);
    await test.db.query('delete from insight_snapshot_totals where agency_id = $1 and as_of = $2', [DEMO_AGENCY_ID, from!]);
    const paths = await tierMovement(test.db, DEMO_AGENCY_ID, from!, to!);
    expect(paths.some((path) => path.from !== path.to)).toBe(true);
    expect(paths).toEqual(await everyCustomer(test.db, DEMO_AGENCY_ID, from!, to!));
  });
});
