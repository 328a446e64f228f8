import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { POST as signInRoute } from '@/app/api/auth/sign-in/route';
import { POST as signOutRoute } from '@/app/api/auth/sign-out/route';
import { POST as cronRoute } from '@/app/api/cron/refresh-customer-insights/route';
import { toApiError } from '@/lib/api/error-mapper';
import { installDatabase, type Database } from '@/lib/db';
import { createPgliteDatabase } from '@/lib/db/pglite';
import { createPostgresDatabase } from '@/lib/db/postgres';
import { createSeededDatabase, testBackend, type TestDatabase } from '../helpers/database';
import { USERS } from '../helpers/fixtures';
import { call, nextTestIp, problemOf, signIn } from '../helpers/http';
import { createRouteFixtures, ROUTES, type FixtureIds } from '../helpers/routes';
import { postgresBehindProxy } from '../helpers/tcp-proxy';

/**
 * While the database cannot be reached, every route answers 503 problem+json with Retry-After —
 * the client's request was fine, the service is briefly unable — and recovers without a restart.
 */
const CRON_SECRET = 'outage-test-cron-secret-0123';

async function expectUnavailable(response: Response, label: string) {
  expect(response.status, label).toBe(503);
  expect(response.headers.get('retry-after'), label).toBe('5');
  const problem = await problemOf(response);
  expect(problem.type, label).toBe('/problems/unavailable');
  expect(problem.detail, label).toMatch(/database cannot be reached/);
  expect(problem.requestId, label).toBe(response.headers.get('x-request-id'));
}

describe(`while the database is down, on ${testBackend()}`, () => {
  let test: TestDatabase;
  let ids: FixtureIds;
  const cookies: Record<string, string> = {};
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    vi.stubEnv('CRON_SECRET', CRON_SECRET);
    test = await createSeededDatabase();
    ids = await createRouteFixtures(test.db);
    for (const [role, email] of Object.entries(USERS)) cookies[role] = await signIn(email);
  });
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await test.drop();
    vi.unstubAllEnvs();
  });

  /** Every route of the guard table, and the public ones, with a call that works while the database is up. */
  const everyRoute = (): { name: string; run: () => Promise<Response> }[] => [
    ...ROUTES.map((route) => ({
      name: route.name,
      run: () => call(route.handler, { ...route.valid(ids), cookie: route.refusedRole === null ? cookies.viewer : cookies.owner }),
    })),
    {
      name: 'POST /api/auth/sign-in',
      run: () =>
        call(signInRoute, {
          method: 'POST',
          path: '/api/auth/sign-in',
          body: { email: USERS.agent, password: 'segments-demo' },
          headers: { 'x-forwarded-for': nextTestIp() },
        }),
    },
    {
      name: 'POST /api/auth/sign-out',
      run: () => call(signOutRoute, { method: 'POST', path: '/api/auth/sign-out', cookie: cookies.admin }),
    },
    {
      name: 'POST /api/cron/refresh-customer-insights',
      run: () =>
        call(cronRoute, {
          method: 'POST',
          path: '/api/cron/refresh-customer-insights?mode=full',
          headers: { authorization: `Bearer ${CRON_SECRET}` },
        }),
    },
  ];

  async function expectEveryRouteUnavailable() {
    for (const route of everyRoute()) await expectUnavailable(await route.run(), route.name);
    // A sign-in form posted before the page's script loaded goes back to the form, saying why.
    const form = await call(signInRoute, {
      method: 'POST',
      path: '/api/auth/sign-in',
      rawBody: new URLSearchParams({ email: USERS.agent, password: 'segments-demo' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': nextTestIp() },
    });
    expect(form.status).toBe(303);
    expect(form.headers.get('location')).toMatch(/^\/sign-in\?error=unavailable&/);
  }

  if (testBackend() === 'postgres') {
    it('answers 503 with Retry-After on every route while the server is unreachable, and recovers without a restart', async () => {
      const { proxy, db } = await postgresBehindProxy(test.url!);
      cleanups.push(() => db.close());
      installDatabase(db);
      expect((await everyRoute()[0]!.run()).status).toBe(200);

      await proxy.cut();
      await expectEveryRouteUnavailable();

      await proxy.restore();
      const agencies = ROUTES.find((route) => route.name === 'GET /api/agencies')!;
      expect((await call(agencies.handler, { ...agencies.valid(ids), cookie: cookies.viewer })).status).toBe(200);
      installDatabase(test.db);
    });

    it('recognises each way a PostgreSQL server can be unavailable', async () => {
      const errors: unknown[] = [];
      const capture = async (db: Database, work: () => Promise<unknown>) => {
        await work().catch((error: unknown) => errors.push(error));
        await db.close().catch(() => {});
      };
      // Nothing listens: connection refused.
      const closedPort = await new Promise<number>((resolve) => {
        const server = net.createServer().listen(0, '127.0.0.1', () => {
          const { port } = server.address() as net.AddressInfo;
          server.close(() => resolve(port));
        });
      });
      const refused = createPostgresDatabase(`postgres://postgres@127.0.0.1:${closedPort}/postgres`, { connectionTimeoutMillis: 1000 });
      await capture(refused, () => refused.query('select 1'));
      // Something listens but never answers: the connection attempt times out.
      const silent = net.createServer(() => {}).listen(0, '127.0.0.1');
      await new Promise((resolve) => silent.once('listening', resolve));
      const hanging = createPostgresDatabase(`postgres://postgres@127.0.0.1:${(silent.address() as net.AddressInfo).port}/postgres`, {
        connectionTimeoutMillis: 300,
      });
      await capture(hanging, () => hanging.query('select 1'));
      silent.close();
      // The server ends the session (a restart, an operator): admin shutdown, 57P01.
      const terminated = createPostgresDatabase(test.url!, { max: 1 });
      await capture(terminated, () =>
        terminated.transaction(async (tx) => {
          const [{ pid }] = (await tx.query<{ pid: number }>('select pg_backend_pid() as pid')) as [{ pid: number }];
          await test.db.query('select pg_terminate_backend($1)', [pid]);
          await tx.query('select 1');
        }),
      );
      // The network drops in the middle of a query.
      const { proxy, db: dropped } = await postgresBehindProxy(test.url!);
      await capture(dropped, async () => {
        const pending = dropped.query('select pg_sleep(5)');
        await new Promise((resolve) => setTimeout(resolve, 200));
        await proxy.cut();
        await pending;
      });

      expect(errors).toHaveLength(4);
      for (const error of errors) {
        const mapped = toApiError(error, { requestId: 'req-outage-1', route: '/api/test' });
        expect(mapped.status, String((error as Error).message)).toBe(503);
      }
    });
  } else {
    it('answers 503 with Retry-After on every route while the embedded database is closed, and recovers when it reopens', async () => {
      const closed = await createPgliteDatabase();
      await closed.close();
      installDatabase(closed);
      await expectEveryRouteUnavailable();
      installDatabase(test.db);
      const agencies = ROUTES.find((route) => route.name === 'GET /api/agencies')!;
      expect((await call(agencies.handler, { ...agencies.valid(ids), cookie: cookies.viewer })).status).toBe(200);
    });
  }
});
