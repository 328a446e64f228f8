import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '@/lib/segmentation/dates';
import { refreshAgency, runRefreshStatement } from '@/lib/segmentation/refresh';
import { createSeededDatabase, testBackend, type TestDatabase } from '../helpers/database';
import { SECOND_AGENCY_ID } from '../helpers/fixtures';
import { rowsReadBy } from '../helpers/rows-read';

/**
 * The daily refresh reads what changed, not the book (docs/PERFORMANCE.md: at a million customers
 * a read of every policy is seconds of a 5 s budget). A book of 6,000 customers, refreshed; the
 * next day 1% of its policies have a new premium, and that day's refresh must read about those
 * customers' policies only, and no customer row beyond theirs.
 */
const CUSTOMERS = 6000;
const DAY = '2026-06-10';

describe(`the daily refresh's reads on ${testBackend()}`, () => {
  let test: TestDatabase;
  let policiesOnFile = 0;

  beforeAll(async () => {
    test = await createSeededDatabase();
    await test.db.query(
      `insert into customers (agency_id, external_id, updated_at) select $1, 'R' || n, now() - interval '2 days' from generate_series(1, $2) n`,
      [SECOND_AGENCY_ID, CUSTOMERS],
    );
    // One to three policies each, started over the past three years, renewing yearly.
    await test.db.query(
      `insert into policies (agency_id, customer_id, external_id, line_of_business, annual_premium, effective_date, expiration_date, updated_at)
       select c.agency_id, c.id, c.external_id || '-' || k, (array['Personal Auto', 'Homeowners', 'Umbrella'])[k],
              100 + abs(hashtext(c.external_id || k)) % 5000, $2::date - 1 - abs(hashtext(c.external_id || k || 'e')) % 1000,
              $2::date + 1 + abs(hashtext(c.external_id || k || 'e')) % 300, now() - interval '2 days'
       from customers c cross join lateral generate_series(1, 1 + abs(hashtext(c.external_id)) % 3) k
       where c.agency_id = $1`,
      [SECOND_AGENCY_ID, DAY],
    );
    [{ n: policiesOnFile }] = (await test.db.query<{ n: number }>('select count(*)::int as n from policies where agency_id = $1', [
      SECOND_AGENCY_ID,
    ])) as [{ n: number }];
    await refreshAgency(SECOND_AGENCY_ID, { mode: 'agency', asOf: DAY }, test.db);
  }, 120_000);
  afterAll(() => test?.drop());

  it('reads the changed customers and their policies, not every policy and customer of the book', async () => {
    const [changed] = await test.db.query<{ n: number }>(
      `with touched as (update policies set annual_premium = annual_premium + 1, updated_at = now()
                        where agency_id = $1 and abs(hashtext(external_id || 'd')) % 100 = 7 returning 1)
       select count(*)::int as n from touched`,
      [SECOND_AGENCY_ID],
    );
    // Planned as on a live database, whose statistics autovacuum keeps.
    await test.db.exec('analyze customers, policies, customer_insights, customer_tier_history');
    const { result: recomputed, read } = await rowsReadBy(test.db, ['customers', 'policies'], (tx) =>
      runRefreshStatement(tx, SECOND_AGENCY_ID, addDays(DAY, 1), { onlyRecent: true }),
    );
    // The premiums moved: the customers holding those policies are recomputed.
    expect(changed!.n).toBeGreaterThan(CUSTOMERS / 200);
    expect(recomputed).toBeGreaterThan(CUSTOMERS / 200);
    // About three reads per changed customer (found, then its policies), far from the whole book.
    expect(read.policies).toBeLessThan(policiesOnFile / 4);
    expect(read.customers).toBeLessThan(CUSTOMERS / 4);
  });
});
