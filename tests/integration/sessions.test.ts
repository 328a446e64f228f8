import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { GET as agenciesRoute } from '@/app/api/agencies/route';
import { GET as summaryRoute } from '@/app/api/analytics/segmentation/route';
import { DELETE as removeMemberRoute } from '@/app/api/members/[userId]/route';
import { POST as signInRoute } from '@/app/api/auth/sign-in/route';
import { POST as signOutRoute } from '@/app/api/auth/sign-out/route';
import { issueSessionToken, sessionSecret } from '@/lib/auth/session-token';
import { createSeededDatabase, type TestDatabase } from '../helpers/database';
import { DEMO_AGENCY_ID, resetRateLimits, USERS, userIdOf } from '../helpers/fixtures';
import { call, nextTestIp, problemOf, signIn } from '../helpers/http';

/**
 * Sessions are revocable on the server (SPEC §3: isolation holds for people who left, too): a
 * cookie copied before sign-out, a session ended everywhere, a deleted user, a removed member.
 */
describe(`server-side sessions on ${process.env.TEST_BACKEND ?? 'pglite'}`, () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createSeededDatabase({ customers: 3 });
  });
  beforeEach(() => resetRateLimits(test.db));
  afterAll(() => test.drop());

  const agencies = (cookie: string) => call(agenciesRoute, { path: '/api/agencies', cookie });
  const signOut = (cookie: string, query = '') => call(signOutRoute, { method: 'POST', path: `/api/auth/sign-out${query}`, cookie });

  it('refuses a cookie replayed after its owner signed out', async () => {
    const cookie = await signIn(USERS.agent);
    expect((await agencies(cookie)).status).toBe(200);
    expect((await signOut(cookie)).status).toBe(204);

    const replayed = await agencies(cookie);
    expect(replayed.status).toBe(401);
    expect((await problemOf(replayed)).title).toBe('Sign-in required');
    expect((await call(summaryRoute, { path: '/api/analytics/segmentation', cookie })).status).toBe(401);
  });

  it('ends only this browser on sign-out, and every browser on "sign out everywhere"', async () => {
    const laptop = await signIn(USERS.viewer);
    const phone = await signIn(USERS.viewer);
    const tablet = await signIn(USERS.viewer);
    expect((await signOut(laptop)).status).toBe(204);
    expect((await agencies(laptop)).status).toBe(401);
    expect((await agencies(phone)).status).toBe(200);

    expect((await signOut(phone, '?scope=global')).status).toBe(204);
    expect((await agencies(phone)).status).toBe(401);
    expect((await agencies(tablet)).status).toBe(401);
    // Another user's sessions are untouched.
    expect((await agencies(await signIn(USERS.admin))).status).toBe(200);
  });

  it('answers 400 to an unknown sign-out scope, and signs nobody out', async () => {
    const cookie = await signIn(USERS.owner);
    const response = await signOut(cookie, '?scope=everyone');
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors?.[0]?.field).toBe('query.scope');
    expect((await agencies(cookie)).status).toBe(200);
  });

  it('answers 401, not 500, to a validly signed token whose subject is not a user id', async () => {
    const token = await new SignJWT({ role: 'authenticated', session_id: crypto.randomUUID() })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('not-a-uuid')
      .setIssuer('customer-segmentation')
      .setAudience('authenticated')
      .setExpirationTime('1h')
      .sign(sessionSecret());
    for (const response of [
      await agencies(`cs-session=${token}`),
      await call(summaryRoute, { path: '/api/analytics/segmentation', cookie: `cs-session=${token}` }),
    ]) {
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
    }
  });

  it('answers 401 to a validly signed token for a user who does not exist', async () => {
    const token = await issueSessionToken({
      userId: '7f000000-0000-4000-8000-000000000001',
      email: 'ghost@demo-agency.test',
      sessionId: crypto.randomUUID(),
      authTime: Math.floor(Date.now() / 1000),
    });
    expect((await agencies(`cs-session=${token}`)).status).toBe(401);
  });

  it('ends the sessions of a deleted user', async () => {
    await test.db.query(
      `insert into auth.users (id, email, encrypted_password) select gen_random_uuid(), 'leaver@demo-agency.test',
      encrypted_password from auth.users where email = $1`,
      [USERS.viewer],
    );
    const response = await call(signInRoute, {
      method: 'POST',
      path: '/api/auth/sign-in',
      body: { email: 'leaver@demo-agency.test', password: 'segments-demo' },
      headers: { 'x-forwarded-for': nextTestIp() },
    });
    const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
    expect((await agencies(cookie)).status).toBe(200);
    await test.db.query(`delete from auth.users where email = 'leaver@demo-agency.test'`);
    expect((await agencies(cookie)).status).toBe(401);
  });

  it("takes a removed member's agency away on their very next request", async () => {
    const agentCookie = await signIn(USERS.agent);
    const ownerCookie = await signIn(USERS.owner);
    expect((await call(summaryRoute, { path: '/api/analytics/segmentation', cookie: agentCookie, agencyId: DEMO_AGENCY_ID })).status).toBe(
      200,
    );
    const agentId = userIdOf(USERS.agent);
    const removed = await call(removeMemberRoute, {
      method: 'DELETE',
      path: `/api/members/${agentId}`,
      params: { userId: agentId },
      cookie: ownerCookie,
      agencyId: DEMO_AGENCY_ID,
    });
    expect(removed.status).toBe(204);
    try {
      const next = await call(summaryRoute, { path: '/api/analytics/segmentation', cookie: agentCookie, agencyId: DEMO_AGENCY_ID });
      // The agent belonged to Demo Agency only: now to none.
      expect(next.status).toBe(403);
      expect((await problemOf(next)).detail).toMatch(/not a member of any agency/);
      expect(((await (await agencies(agentCookie)).json()) as { agencies: unknown[] }).agencies).toEqual([]);
    } finally {
      await test.db.query(`insert into public.agency_members (agency_id, user_id, role) values ($1, $2, 'agent')`, [
        DEMO_AGENCY_ID,
        agentId,
      ]);
    }
  });

  it('ends a session a week after the password was given, however often its token was renewed', async () => {
    const cookie = await signIn(USERS.admin);
    const [session] = await test.db.query<{ id: string; not_after: Date }>(
      `select id, not_after from auth.sessions where user_id = $1 order by created_at desc limit 1`,
      [userIdOf(USERS.admin)],
    );
    const days = (session!.not_after.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);
    expect((await agencies(cookie)).status).toBe(200);
    await test.db.query(`update auth.sessions set not_after = now() - interval '1 second' where id = $1`, [session!.id]);
    expect((await agencies(cookie)).status).toBe(401);
    // The next sign-in sweeps the sessions that are over.
    await signIn(USERS.admin);
    expect(await test.db.query('select 1 from auth.sessions where id = $1', [session!.id])).toEqual([]);
  });
});
