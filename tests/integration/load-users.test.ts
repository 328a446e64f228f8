import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as summaryRoute } from '@/app/api/analytics/segmentation/route';
import { GET as tierListRoute } from '@/app/api/analytics/segmentation/customers/route';
import { POST as signInRoute } from '@/app/api/auth/sign-in/route';
import { createLoadUsers, signInAll, type LoadUser } from '../../scripts/load-users';
import { serverTimingOf } from '../../scripts/load-run';
import { createSeededDatabase, type TestDatabase } from '../helpers/database';
import { DEMO_AGENCY_ID } from '../helpers/fixtures';
import { call } from '../helpers/http';

/**
 * The plumbing of `npm run bench:load`, without its load: the users it generates are members of
 * the agency, each signs in through the real sign-in route, and each session opens the summary
 * as its own user, so the load is spread over 500 people and not one user's rate limit.
 */
describe(`bench:load users on ${process.env.TEST_BACKEND ?? 'pglite'}`, () => {
  let test: TestDatabase;
  let users: LoadUser[];
  let cookies: string[];
  beforeAll(async () => {
    test = await createSeededDatabase({ customers: 40 });
    users = await createLoadUsers(test.db, DEMO_AGENCY_ID, 500);
    cookies = await signInAll(users, 'http://localhost', (request) => signInRoute(request));
  }, 180_000);
  afterAll(() => test.drop());

  it('signs in 500 distinct members, each with a server-side session of their own', async () => {
    expect(new Set(cookies).size).toBe(500);
    const [sessions] = await test.db.query<{ users: number; sessions: number }>(
      `select count(distinct user_id)::int as users, count(*)::int as sessions from auth.sessions where user_id = any($1::uuid[])`,
      [users.map((user) => user.id)],
    );
    expect(sessions).toEqual({ users: 500, sessions: 500 });
  });

  it("gives every session 200 and the agency's live summary, each request counted against its own user", async () => {
    const statuses: number[] = [];
    const remaining = new Set<string>();
    const timings: ({ db: number; handler: number } | null)[] = [];
    // Eight at a time, as the benchmark's warm-up asks.
    for (let start = 0; start < cookies.length; start += 8) {
      await Promise.all(
        cookies.slice(start, start + 8).map(async (cookie) => {
          const response = await call(summaryRoute, { path: '/api/analytics/segmentation', cookie });
          timings.push(serverTimingOf(response.headers.get('server-timing')));
          const body = (await response.json()) as { dataMode: string; agency: { id: string } };
          statuses.push(response.status);
          expect(body).toMatchObject({ dataMode: 'live', agency: { id: DEMO_AGENCY_ID } });
          remaining.add(response.headers.get('ratelimit-remaining') ?? '');
        }),
      );
    }
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    // Each user's first read of the minute: one budget header for all, none used up twice.
    expect([...remaining]).toEqual(['119']);
    // The benchmark's breakdown reads the app's Server-Timing: database time within the handler's.
    expect(timings.filter((timing) => !timing || timing.db <= 0 || timing.db > timing.handler)).toEqual([]);
  }, 120_000);

  it('gives agents the names in the drill-down and viewers only masked ones', async () => {
    const agent = users.findIndex((user) => user.role === 'agent');
    const viewer = users.findIndex((user) => user.role === 'viewer');
    const names = async (index: number) => {
      const response = await call(tierListRoute, {
        path: '/api/analytics/segmentation/customers?tier=entry&limit=5',
        cookie: cookies[index],
      });
      expect(response.status).toBe(200);
      return ((await response.json()) as { customers: { name: string | null }[] }).customers.map((customer) => customer.name);
    };
    const agentNames = await names(agent);
    const viewerNames = await names(viewer);
    expect(agentNames.length).toBeGreaterThan(0);
    expect(viewerNames).toHaveLength(agentNames.length);
    expect(viewerNames).not.toEqual(agentNames);
  });
});
