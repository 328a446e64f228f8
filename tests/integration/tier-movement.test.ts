import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as movementRoute } from '@/app/api/analytics/segmentation/movement/route';
import { GET as customerRoute } from '@/app/api/customers/[customerId]/route';
import { refreshAgency } from '@/lib/segmentation/refresh';
import { createSeededDatabase, testBackend, type TestDatabase } from '../helpers/database';
import { SECOND_AGENCY_ID, USERS } from '../helpers/fixtures';
import { call, problemOf, signIn } from '../helpers/http';

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
