import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, type Queryable } from '@/lib/db';
import { listMyMemberships } from '@/lib/tenancy/agencies';
import { createLoadUsers } from '../../scripts/load-users';
import { createSeededDatabase, type TestDatabase } from '../helpers/database';
import { userIdOf, USERS } from '../helpers/fixtures';

const OTHER_AGENCY = 'b2000000-0000-4000-8000-0000000000ff';
const owner = { sub: userIdOf(USERS.owner), role: 'authenticated' as const };

/** Runs the statements a function sends as EXPLAIN, returning the plans' text instead of rows. */
function explaining(tx: Queryable): Queryable {
  return {
    ...tx,
    query: async <Row>(sql: string, params?: readonly unknown[]) =>
      (await tx.query<Record<string, string>>(`explain ${sql}`, params as never)).map((row) => Object.values(row)[0]) as Row[],
  };
}

/**
 * Every API request looks up the caller's memberships (withAgencyAuth). On a deployment with many
 * agencies, that lookup must find the caller's rows through the user_id index, not read every
 * agency's members on every request (bench:load's analysis in docs/PERFORMANCE.md).
 */
describe(`the memberships lookup of every request on ${process.env.TEST_BACKEND ?? 'pglite'}`, () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createSeededDatabase({ customers: 5 });
    await test.db.query(`insert into agencies (id, name, slug) values ($1, 'Big Agency', 'big-agency')`, [OTHER_AGENCY]);
    await createLoadUsers(test.db, OTHER_AGENCY, 1000);
    await test.db.exec('analyze');
  }, 120_000);
  afterAll(() => test.drop());

  it("finds the caller's memberships through the user_id index, whatever the other agencies' sizes", async () => {
    const plan = (await asUser(owner, (tx) => listMyMemberships(explaining(tx)))).join('\n');
    expect(plan).toContain('agency_members_user_id_idx');
    expect(plan).not.toMatch(/Seq Scan on agency_members/);
  });

  it('still answers with exactly the caller’s agencies and roles', async () => {
    expect(await asUser(owner, listMyMemberships)).toEqual([
      expect.objectContaining({ name: 'Demo Agency', role: 'owner' }),
      expect.objectContaining({ name: 'Second Agency', role: 'admin' }),
    ]);
  });
});
