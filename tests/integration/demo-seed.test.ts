import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '@/lib/auth/password';
import { installDatabase } from '@/lib/db';
import { migrate } from '@/lib/db/migrate';
import { DEMO_PASSWORD, seedDemo, seedDemoIfEmpty } from '@/lib/seed/demo-seed';
import { createEmptyDatabase, type TestDatabase } from '../helpers/database';
import { DEMO_AGENCY_ID, SECOND_AGENCY_ID, USERS } from '../helpers/fixtures';

describe(`demo seed on ${process.env.TEST_BACKEND ?? 'pglite'}`, () => {
  let test: TestDatabase;
  const fingerprint = () =>
    test.db.query<{ customers: string; policies: string; contacts: string }>(
      `select (select md5(string_agg(c::text, ',' order by c.id)) from (select id, external_id, kind, customer_since, pii_digest, email_blind_index from customers) c) as customers,
              (select md5(string_agg(p::text, ',' order by p.id)) from (select id, customer_id, external_id, line_of_business, annual_premium, effective_date, expiration_date, status from policies) p) as policies,
              (select md5(string_agg(k::text, ',' order by k.id)) from (select id, customer_id, pii_digest, contact_key, role, is_primary from contacts) k) as contacts`,
    );

  beforeAll(async () => {
    test = await createEmptyDatabase();
    await migrate(test.db);
    installDatabase(test.db);
  });
  afterAll(() => test.drop());

  it("fills an empty database with Demo Agency's realistic book and an empty Second Agency", async () => {
    const result = await seedDemoIfEmpty(test.db);
    expect(result).toMatchObject({ customers: 2500 });
    expect(result!.policies).toBeGreaterThan(5500);
    expect(result!.policies).toBeLessThan(6500);
    // What the dashboard counts: those with a policy in force, fewer than all on file.
    const [inForce] = await test.db.query<{ customers: number; policies: number }>(
      `select count(*) filter (where tier is not null)::int as customers, coalesce(sum(active_policy_count), 0)::int as policies
       from customer_insights where agency_id = $1`,
      [DEMO_AGENCY_ID],
    );
    expect(result).toMatchObject({ customersInForce: inForce!.customers, policiesInForce: inForce!.policies });
    expect(result!.customersInForce).toBeGreaterThan(2000);
    expect(result!.customersInForce).toBeLessThan(2500);
    expect(result!.policiesInForce).toBeLessThan(result!.policies);

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

  it('creates every demo user with the demo password', async () => {
    for (const email of Object.values(USERS)) {
      expect(await verifyPassword(email, DEMO_PASSWORD), email).toMatchObject({ email });
      expect(await verifyPassword(email, 'wrong')).toBeNull();
    }
  });

  it('does nothing on a later start, and db:seed resets to exactly the same data', async () => {
    const before = await fingerprint();
    expect(await seedDemoIfEmpty(test.db)).toBeNull();
    await test.db.query(`update policies set annual_premium = 0`);
    await seedDemo(test.db);
    expect(await fingerprint()).toEqual(before);
  });
});
