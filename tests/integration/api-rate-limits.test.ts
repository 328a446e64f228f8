import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RATE_LIMITS } from '@/lib/api/rate-limits';
import { createSeededDatabase, type TestDatabase } from '../helpers/database';
import { DEMO_AGENCY_ID, resetRateLimits, SECOND_AGENCY_ID, USERS, userIdOf } from '../helpers/fixtures';
import { call, problemOf, signIn } from '../helpers/http';
import { createImportJobs } from '../helpers/import';
import { ROUTES, type FixtureIds } from '../helpers/routes';

/** Every route succeeds for an allowed caller, then answers 429 with Retry-After past its limit. */
describe(`API rate limits on ${process.env.TEST_BACKEND ?? 'pglite'}`, () => {
  let test: TestDatabase;
  let ids: FixtureIds;
  let owner: string;

  beforeAll(async () => {
    test = await createSeededDatabase();
    const [demo] = await test.db.query<{ id: string }>(`select id from customers where agency_id = $1 order by external_id limit 1`, [
      DEMO_AGENCY_ID,
    ]);
    ids = {
      demoCustomerId: demo!.id,
      secondCustomerId: demo!.id,
      demoAgencyId: DEMO_AGENCY_ID,
      importJobs: await createImportJobs(test.db),
    };
    owner = await signIn(USERS.owner);
  });
  beforeEach(() => resetRateLimits(test.db));
  // Undo what the valid calls changed: the viewer's membership and the outsider's new one.
  afterEach(async () => {
    await test.db.query('delete from agency_members where agency_id = $1 and user_id = $2', [DEMO_AGENCY_ID, userIdOf(USERS.outsider)]);
    await test.db.query(
      `insert into agency_members (agency_id, user_id, role) values ($1, $2, 'viewer') on conflict (agency_id, user_id) do update set role = 'viewer'`,
      [DEMO_AGENCY_ID, userIdOf(USERS.viewer)],
    );
  });
  afterAll(() => test.drop());

  describe.each(ROUTES)('$name', (route) => {
    it(`serves an allowed caller, then 429 after ${RATE_LIMITS[route.rateLimit].points} calls a window`, async () => {
      const rule = RATE_LIMITS[route.rateLimit];
      const first = await call(route.handler, { ...route.valid(ids), cookie: owner, agencyId: DEMO_AGENCY_ID });
      expect(first.status).toBe(route.okStatus);
      expect(first.headers.get('ratelimit-limit')).toBe(String(rule.points));
      expect(first.headers.get('ratelimit-remaining')).toBe(String(rule.points - 1));

      for (let i = 1; i < rule.points; i += 1) {
        const response = await call(route.handler, { ...route.valid(ids), cookie: owner, agencyId: DEMO_AGENCY_ID });
        expect(response.status).not.toBe(429);
      }
      const limited = await call(route.handler, { ...route.valid(ids), cookie: owner, agencyId: DEMO_AGENCY_ID });
      expect(limited.status).toBe(429);
      const retryAfter = Number(limited.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(rule.windowSeconds);
      expect(limited.headers.get('ratelimit-remaining')).toBe('0');
      expect((await problemOf(limited)).detail).toMatch(/retry in \d+ seconds/);
    });
  });

  it('counts per user: one user at the limit does not block another', async () => {
    const route = ROUTES.find((r) => r.name === 'GET /api/members')!;
    for (let i = 0; i <= RATE_LIMITS.read.points; i += 1) await call(route.handler, { path: '/api/members', cookie: owner });
    expect((await call(route.handler, { path: '/api/members', cookie: owner })).status).toBe(429);
    const admin = await signIn(USERS.admin);
    expect((await call(route.handler, { path: '/api/members', cookie: admin })).status).toBe(200);
  });

  it('keeps windows in Postgres, where every replica sees them', async () => {
    const route = ROUTES.find((r) => r.name === 'GET /api/agencies')!;
    await call(route.handler, { path: '/api/agencies', cookie: owner, agencyId: SECOND_AGENCY_ID });
    const rows = await test.db.query<{ key: string; hits: number }>('select key, hits from private.rate_limit_buckets');
    expect(rows).toEqual([{ key: `read:${userIdOf(USERS.owner)}`, hits: 1 }]);
  });
});
