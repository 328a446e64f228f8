import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { POST as signInRoute } from '@/app/api/auth/sign-in/route';
import { POST as signOutRoute } from '@/app/api/auth/sign-out/route';
import { GET as agenciesRoute } from '@/app/api/agencies/route';
import { RATE_LIMITS } from '@/lib/api/rate-limits';
import { createSeededDatabase, type TestDatabase } from '../helpers/database';
import { resetRateLimits, USERS } from '../helpers/fixtures';
import { HOSTILE_NEXT_VALUES, staysOnSite } from '../helpers/hostile-next';
import { call, nextTestIp, problemOf } from '../helpers/http';

const attempt = (email: string, password: string, ip = nextTestIp()) =>
  call(signInRoute, { method: 'POST', path: '/api/auth/sign-in', body: { email, password }, headers: { 'x-forwarded-for': ip } });

describe(`embedded sign-in on ${process.env.TEST_BACKEND ?? 'pglite'}`, () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createSeededDatabase({ customers: 5 });
  });
  beforeEach(() => resetRateLimits(test.db));
  afterAll(() => test.drop());

  it('signs a demo user in with an httpOnly, SameSite session cookie that opens the API', async () => {
    const response = await attempt(USERS.viewer.toUpperCase(), 'segments-demo');
    expect(response.status).toBe(200);
    const setCookie = response.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^cs-session=[\w-]+\.[\w-]+\.[\w-]+; Path=\/; Max-Age=28800; HttpOnly; SameSite=Lax$/);
    const agencies = await call(agenciesRoute, { path: '/api/agencies', cookie: setCookie.split(';')[0] });
    expect(agencies.status).toBe(200);
    expect(((await agencies.json()) as { agencies: { name: string; role: string }[] }).agencies).toEqual([
      expect.objectContaining({ name: 'Demo Agency', role: 'viewer' }),
    ]);
  });

  it('marks the cookie Secure behind HTTPS', async () => {
    const response = await call(signInRoute, {
      method: 'POST',
      path: '/api/auth/sign-in',
      body: { email: USERS.owner, password: 'segments-demo' },
      headers: { 'x-forwarded-for': nextTestIp(), 'x-forwarded-proto': 'https' },
    });
    expect(response.headers.get('set-cookie')).toContain('; Secure');
  });

  it('gives a wrong password and an unknown email the same clear answer', async () => {
    const wrong = await attempt(USERS.owner, 'not-the-password');
    const unknown = await attempt('nobody@demo-agency.test', 'segments-demo');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const a = await problemOf(wrong);
    const b = await problemOf(unknown);
    expect(a.detail).toBe('That email and password do not match. Check them and try again.');
    expect(b.detail).toBe(a.detail);
  });

  it('answers 400 with field errors to a malformed body', async () => {
    const response = await attempt('not-an-email', '');
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors?.map((e) => e.field).sort()).toEqual(['body.email', 'body.password']);
  });

  it(`limits attempts per IP to ${RATE_LIMITS.signInIp.points} a minute`, async () => {
    const ip = '192.0.2.77';
    for (let i = 0; i < RATE_LIMITS.signInIp.points; i += 1) {
      expect((await attempt(`user${i}@demo-agency.test`, 'guess', ip)).status).toBe(401);
    }
    const limited = await attempt(USERS.owner, 'segments-demo', ip);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another address is unaffected.
    expect((await attempt(USERS.owner, 'segments-demo')).status).toBe(200);
  });

  it(`limits attempts per email to ${RATE_LIMITS.signInEmail.points}, whatever the address`, async () => {
    for (let i = 0; i < RATE_LIMITS.signInEmail.points; i += 1) {
      expect((await attempt(USERS.agent, 'guess')).status).toBe(401);
    }
    const limited = await attempt(USERS.agent, 'segments-demo');
    expect(limited.status).toBe(429);
    expect((await problemOf(limited)).detail).toMatch(/Try again in \d+ seconds/);
  });

  it("clears an account's failed attempts when its owner signs in, so they do not lock themselves out", async () => {
    for (let i = 0; i < RATE_LIMITS.signInEmail.points - 1; i += 1) await attempt(USERS.admin, 'typo');
    expect((await attempt(USERS.admin, 'segments-demo')).status).toBe(200);
    for (let i = 0; i < RATE_LIMITS.signInEmail.points - 1; i += 1) await attempt(USERS.admin, 'typo');
    expect((await attempt(USERS.admin, 'segments-demo')).status).toBe(200);
  });

  it.each<Record<string, string>>([{ origin: 'https://evil.test' }, { 'sec-fetch-site': 'cross-site' }])(
    'refuses a sign-in posted from another site (%o)',
    async (headers) => {
      const response = await call(signInRoute, {
        method: 'POST',
        path: '/api/auth/sign-in',
        body: { email: USERS.owner, password: 'segments-demo' },
        headers: { 'x-forwarded-for': nextTestIp(), ...headers },
      });
      expect(response.status).toBe(403);
      expect(response.headers.get('set-cookie')).toBeNull();
    },
  );

  it('signs out by expiring the session and agency cookies', async () => {
    const response = await call(signOutRoute, { method: 'POST', path: '/api/auth/sign-out' });
    expect(response.status).toBe(204);
    const cookies = response.headers.getSetCookie();
    expect(cookies).toHaveLength(2);
    for (const cookie of cookies) expect(cookie).toMatch(/^cs-(session|agency)=; Path=\/; Max-Age=0; HttpOnly; SameSite=Lax$/);
  });
});

describe(`sign-in by plain form post (before the page's script loads) on ${process.env.TEST_BACKEND ?? 'pglite'}`, () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createSeededDatabase({ customers: 1 });
  });
  afterAll(() => test.drop());

  const post = (fields: Record<string, string>) =>
    call(signInRoute, {
      method: 'POST',
      path: '/api/auth/sign-in',
      rawBody: new URLSearchParams(fields).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': nextTestIp() },
    });

  it('redirects to the requested page with a session on success', async () => {
    const response = await post({ email: USERS.owner, password: 'segments-demo', next: '/help/troubleshooting' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/help/troubleshooting');
    expect(response.headers.get('set-cookie')).toMatch(/^cs-session=/);
  });

  it.each(HOSTILE_NEXT_VALUES)('never redirects off-site after signing in, whatever next says: %j', async (next) => {
    const response = await post({ email: USERS.owner, password: 'segments-demo', next });
    expect(response.status).toBe(303);
    expect(staysOnSite(response.headers.get('location'))).toBe(true);
  });

  it('sends a failure back to the form with its reason, never off-site', async () => {
    const response = await post({ email: USERS.owner, password: 'nope', next: '//evil.test' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/sign-in?error=invalid-credentials&next=%2Fanalytics%2Fsegmentation');
    expect(response.headers.get('set-cookie')).toBeNull();
  });
});
