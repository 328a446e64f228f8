import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSeededDatabase, type TestDatabase } from '../helpers/database';
import { DEMO_AGENCY_ID, SECOND_AGENCY_ID, resetRateLimits, USERS, userIdOf } from '../helpers/fixtures';
import { call, problemOf, signIn } from '../helpers/http';
import { createRouteFixtures, ROUTES, type FixtureIds } from '../helpers/routes';

/** withAgencyAuth's promises, checked on every authenticated route (tests/helpers/routes.ts). */
describe(`API guards on ${process.env.TEST_BACKEND ?? 'pglite'}`, () => {
  let test: TestDatabase;
  let ids: FixtureIds;
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    test = await createSeededDatabase();
    ids = await createRouteFixtures(test.db);
    for (const [role, email] of Object.entries(USERS)) cookies[role] = await signIn(email);
  });
  beforeEach(() => resetRateLimits(test.db));
  afterAll(() => test.drop());

  describe.each(ROUTES)('$name', (route) => {
    it('answers 401 problem+json without a session', async () => {
      const response = await call(route.handler, route.valid(ids));
      expect(response.status).toBe(401);
      const problem = await problemOf(response);
      expect(problem.requestId).toBe(response.headers.get('x-request-id'));
      expect(problem.detail).toMatch(/sign in/i);
    });

    it('answers 401 to a forged session cookie', async () => {
      const forged = cookies.owner!.replace(/.{6}$/, 'AAAAAA');
      const response = await call(route.handler, { ...route.valid(ids), cookie: forged });
      expect(response.status).toBe(401);
    });

    // Routes are registered only where a rule applies (see ROUTES), so nothing is skipped.
    if (route.foreign) {
      it("answers another agency's id exactly as a nonexistent one", async () => {
        const { theirs, nonexistent } = route.foreign!(ids);
        // Demo Agency's admin: every permission there, no membership in Second Agency.
        const a = await call(route.handler, { ...theirs, cookie: cookies.admin });
        const b = await call(route.handler, { ...nonexistent, cookie: cookies.admin });
        expect(a.status).toBe(404);
        const comparable = ({ requestId: _r, instance: _i, ...rest }: { requestId: string; instance?: string }) => rest;
        expect(comparable(await problemOf(a))).toEqual(comparable(await problemOf(b)));
      });
    }

    // The other half of SPEC §3's table: the lowest role that may call the route gets its answer.
    const lowestAllowed = route.refusedRole === 'viewer' ? 'agent' : route.refusedRole === null ? 'viewer' : null;
    if (lowestAllowed) {
      it(`serves the lowest role allowed (${lowestAllowed})`, async () => {
        const response = await call(route.handler, { ...route.valid(ids), cookie: cookies[lowestAllowed] });
        expect(response.status, await response.clone().text()).toBe(route.okStatus);
      });
    }

    if (route.refusedRole) {
      it('answers 403 to a role without the permission', async () => {
        for (const role of route.refusedRole === 'agent' ? ['agent', 'viewer'] : ['viewer']) {
          const response = await call(route.handler, { ...route.valid(ids), cookie: cookies[role] });
          expect(response.status, role).toBe(403);
          expect((await problemOf(response)).detail).toContain(role);
        }
      });
    }

    if (route.malformed.length > 0) {
      it('answers 400 with field errors to malformed input', async () => {
        for (const malformed of route.malformed) {
          const { call: options, field } = malformed(ids);
          const response = await call(route.handler, { ...options, cookie: cookies.owner });
          expect(response.status, field).toBe(400);
          const problem = await problemOf(response);
          expect(problem.errors?.map((e) => e.field)).toContain(field);
        }
      });
    }
  });

  it('never leaks internals: an unexpected failure is a generic 500 with the request id', async () => {
    // Break the schema under the handler for a moment: the database error must not reach the client.
    await test.db.query('alter table public.customers rename column customer_since to since_moved');
    try {
      const response = await call(ROUTES.find((r) => r.name === 'GET /api/customers')!.handler, {
        path: '/api/customers',
        cookie: cookies.owner,
      });
      expect(response.status).toBe(500);
      const problem = await problemOf(response);
      expect(problem.detail).toMatch(/request id/);
      expect(JSON.stringify(problem)).not.toMatch(/customer_since|column|select|postgres/i);
    } finally {
      await test.db.query('alter table public.customers rename column since_moved to customer_since');
    }
  });

  it('refuses a body larger than the limit with 413', async () => {
    const route = ROUTES.find((r) => r.name === 'POST /api/members')!;
    const response = await call(route.handler, {
      method: 'POST',
      path: '/api/members',
      cookie: cookies.owner,
      rawBody: JSON.stringify({ email: USERS.outsider, role: 'viewer', padding: 'x'.repeat(70_000) }),
    });
    expect(response.status).toBe(413);
  });

  it.each<Record<string, string>>([{ origin: 'https://evil.test' }, { origin: 'null' }, { 'sec-fetch-site': 'cross-site' }])(
    'refuses a cross-site state change (%o)',
    async (headers) => {
      const route = ROUTES.find((r) => r.name === 'POST /api/members')!;
      const response = await call(route.handler, { ...route.valid(ids), cookie: cookies.owner, headers });
      expect(response.status).toBe(403);
      expect((await problemOf(response)).detail).toBe('Cross-site requests are not accepted.');
    },
  );

  it.each<Record<string, string>>([
    { origin: 'https://localhost' },
    { origin: 'http://localhost:8080' },
    { origin: 'http://localhost', 'x-forwarded-proto': 'https' },
  ])('compares the whole origin — scheme, host and port — not the host alone (%o)', async (headers) => {
    const route = ROUTES.find((r) => r.name === 'PUT /api/agencies/current')!;
    const response = await call(route.handler, { ...route.valid(ids), cookie: cookies.owner, headers });
    expect(response.status).toBe(403);
  });

  it.each<Record<string, string>>([{ origin: 'http://localhost' }, { origin: 'https://localhost', 'x-forwarded-proto': 'https' }])(
    'accepts a state change from its own origin, directly or behind the HTTPS edge (%o)',
    async (headers) => {
      const route = ROUTES.find((r) => r.name === 'PUT /api/agencies/current')!;
      const response = await call(route.handler, { ...route.valid(ids), cookie: cookies.owner, headers });
      expect(response.status).toBe(route.okStatus);
      // The cookie it sets is Secure exactly when the browser came over HTTPS.
      expect(response.headers.get('set-cookie')?.includes('; Secure')).toBe(headers['x-forwarded-proto'] === 'https');
    },
  );

  it.each(
    ROUTES.filter((route) => route.name.startsWith('GET ') || route.name === 'POST /api/customers/import').map((route) => [
      route.name,
      route,
    ]),
  )('gives %s the security headers, with HSTS only over HTTPS', async (_name, route) => {
    for (const https of [false, true]) {
      const valid = route.valid(ids);
      const response = await call(route.handler, {
        ...valid,
        cookie: cookies.owner,
        headers: { ...valid.headers, ...(https ? { 'x-forwarded-proto': 'https' } : {}) },
      });
      expect(response.status).toBe(route.okStatus);
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(response.headers.get('strict-transport-security')).toBe(https ? 'max-age=63072000; includeSubDomains' : null);
      await response.body?.cancel();
    }
  });

  it('never applies a write to a fallback agency when the chosen one is stale', async () => {
    const route = ROUTES.find((r) => r.name === 'POST /api/members')!;
    // The admin's cookie names Second Agency, which the admin does not belong to.
    const response = await call(route.handler, { ...route.valid(ids), cookie: `${cookies.admin}; cs-agency=${SECOND_AGENCY_ID}` });
    expect(response.status).toBe(404);
    const [outsiderInDemo] = await test.db.query<{ n: number }>(
      'select count(*) as n from agency_members where agency_id = $1 and user_id = $2',
      [DEMO_AGENCY_ID, userIdOf(USERS.outsider)],
    );
    expect(outsiderInDemo!.n).toBe(0);
  });
});
