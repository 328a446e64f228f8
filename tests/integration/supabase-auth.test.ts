import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { GET as listAgencies } from '@/app/api/agencies/route';
import { POST as signInRoute } from '@/app/api/auth/sign-in/route';
import { POST as signOutRoute } from '@/app/api/auth/sign-out/route';
import { DEMO_PASSWORD } from '@/lib/seed/demo-seed';
import { proxy } from '@/proxy';
import { NextRequest } from 'next/server';
import { createSeededDatabase, type TestDatabase } from '../helpers/database';
import { startFakeSupabaseAuth } from '../helpers/fake-supabase-auth';
import { USERS, userIdOf } from '../helpers/fixtures';
import { call, nextTestIp, problemOf } from '../helpers/http';

/**
 * With NEXT_PUBLIC_SUPABASE_URL and a key set, sign-in and sessions go through Supabase Auth
 * (@supabase/ssr, getClaims()), and the verified claims reach RLS the same way as embedded ones.
 */
describe(`Supabase Auth mode on ${process.env.TEST_BACKEND ?? 'pglite'}`, () => {
  let test: TestDatabase;
  let auth: Awaited<ReturnType<typeof startFakeSupabaseAuth>>;

  beforeAll(async () => {
    auth = await startFakeSupabaseAuth([{ id: userIdOf(USERS.agent), email: USERS.agent, password: DEMO_PASSWORD }], {
      created: async ({ id, userId }) => {
        await test.db.query('insert into auth.sessions (id, user_id) values ($1, $2)', [id, userId]);
      },
      ended: async ({ id, userId }, scope) => {
        if (scope === 'local') await test.db.query('delete from auth.sessions where id = $1', [id]);
        else if (scope === 'global') await test.db.query('delete from auth.sessions where user_id = $1', [userId]);
        else await test.db.query('delete from auth.sessions where user_id = $1 and id <> $2', [userId, id]);
      },
    });
    // Set before the first read of the configuration in this file's process.
    vi.stubEnv('NEXT_PUBLIC_SUPABASE_URL', auth.url);
    vi.stubEnv('NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY', 'sb_publishable_test');
    // The users exist in auth.users, as they would in the Supabase project.
    test = await createSeededDatabase({ customers: 3 });
  });
  afterAll(async () => {
    await test.drop();
    await auth.close();
    vi.unstubAllEnvs();
  });

  /** The Cookie header a browser would send after this response. */
  const cookieHeaderFrom = (response: Response) =>
    response.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');

  const signIn = (password: string) =>
    call(signInRoute, {
      method: 'POST',
      path: '/api/auth/sign-in',
      body: { email: USERS.agent, password },
      headers: { 'x-forwarded-for': nextTestIp() },
    });

  it('signs in through Supabase Auth and the session cookie opens the API under RLS', async () => {
    const response = await signIn(DEMO_PASSWORD);
    expect(response.status).toBe(200);
    const cookies = response.headers.getSetCookie();
    expect(cookies.some((c) => c.startsWith('sb-127-auth-token'))).toBe(true);
    expect(auth.calls).toContain('POST /auth/v1/token');

    const cookieHeader = cookieHeaderFrom(response);
    const agencies = await call(listAgencies, { path: '/api/agencies', cookie: cookieHeader });
    expect(agencies.status).toBe(200);
    expect(((await agencies.json()) as { agencies: { name: string; role: string }[] }).agencies).toEqual([
      expect.objectContaining({ name: 'Demo Agency', role: 'agent' }),
    ]);
    // The access token was verified with Supabase Auth, not trusted from the cookie.
    expect(auth.calls).toContain('GET /auth/v1/user');
  });

  it('lets the proxy check the session with Supabase Auth on every page request', async () => {
    const signedIn = await signIn(DEMO_PASSWORD);
    const cookieHeader = cookieHeaderFrom(signedIn);
    const before = auth.calls.length;
    const response = await proxy(new NextRequest('http://localhost/analytics/segmentation', { headers: { cookie: cookieHeader } }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain(auth.url);
    expect(auth.calls.slice(before)).toContain('GET /auth/v1/user');
  });

  it('leaves API requests to withAgencyAuth: the proxy does not check their session a second time', async () => {
    const cookieHeader = cookieHeaderFrom(await signIn(DEMO_PASSWORD));
    const before = auth.calls.length;
    const response = await proxy(new NextRequest('http://localhost/api/agencies', { headers: { cookie: cookieHeader } }));
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(auth.calls.slice(before)).toEqual([]);
  });

  it('refuses a wrong password with the same message as embedded mode', async () => {
    const response = await signIn('wrong');
    expect(response.status).toBe(401);
    expect((await problemOf(response)).detail).toBe('That email and password do not match. Check them and try again.');
  });

  it('ignores an embedded session cookie, which Supabase mode never issues', async () => {
    const response = await call(listAgencies, { path: '/api/agencies', cookie: 'cs-session=not-a-supabase-session' });
    expect(response.status).toBe(401);
  });

  it('signs out through Supabase Auth, after which a copied cookie opens nothing', async () => {
    const signedIn = await signIn(DEMO_PASSWORD);
    const cookieHeader = cookieHeaderFrom(signedIn);
    const response = await call(signOutRoute, { method: 'POST', path: '/api/auth/sign-out', cookie: cookieHeader });
    expect(response.status).toBe(204);
    expect(auth.calls).toContain('POST /auth/v1/logout');
    // The access token has not expired, but its session is gone from auth.sessions.
    expect((await call(listAgencies, { path: '/api/agencies', cookie: cookieHeader })).status).toBe(401);
    expect(
      response.headers.getSetCookie().some((c) => c.startsWith('sb-127-auth-token=;') || /sb-127-auth-token[^=]*=; .*Max-Age=0/.test(c)),
    ).toBe(true);
  });

  it('says so, and keeps the session, when Supabase Auth cannot be reached to sign out', async () => {
    const cookieHeader = cookieHeaderFrom(await signIn(DEMO_PASSWORD));
    auth.failLogout(true);
    try {
      const response = await call(signOutRoute, { method: 'POST', path: '/api/auth/sign-out?scope=global', cookie: cookieHeader });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      expect((await problemOf(response)).detail).toMatch(/still signed in/);
      // Nothing claims a sign-out that did not happen: the cookie is kept and still works.
      expect(response.headers.getSetCookie()).toEqual([]);
      expect((await call(listAgencies, { path: '/api/agencies', cookie: cookieHeader })).status).toBe(200);
    } finally {
      auth.failLogout(false);
    }
  });
});
