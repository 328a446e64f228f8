import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GET as listAgencies } from '@/app/api/agencies/route';
import { PUT as switchAgency } from '@/app/api/agencies/current/route';
import { DELETE as removeMember, PATCH as changeRole } from '@/app/api/members/[userId]/route';
import { GET as listMembers, POST as addMember } from '@/app/api/members/route';
import { createSeededDatabase, type TestDatabase } from '../helpers/database';
import { DEMO_AGENCY_ID, resetRateLimits, SECOND_AGENCY_ID, USERS, userIdOf } from '../helpers/fixtures';
import { call, problemOf, signIn } from '../helpers/http';

/** Members and agencies through the API: SPEC §3's "manage members" row, and the switcher. */
describe(`members and agencies API on ${process.env.TEST_BACKEND ?? 'pglite'}`, () => {
  let test: TestDatabase;
  const cookies: Record<string, string> = {};
  beforeAll(async () => {
    test = await createSeededDatabase({ customers: 5 });
    for (const [role, email] of Object.entries(USERS)) cookies[role] = await signIn(email);
  });
  beforeEach(() => resetRateLimits(test.db));
  afterAll(() => test.drop());

  const add = (cookie: string, email: string, role: string) =>
    call(addMember, { method: 'POST', path: '/api/members', body: { email, role }, cookie });
  const patch = (cookie: string, email: string, role: string) =>
    call(changeRole, {
      method: 'PATCH',
      path: `/api/members/${userIdOf(email)}`,
      params: { userId: userIdOf(email) },
      body: { role },
      cookie,
    });

  it('lists the current agency members with their roles, for any member', async () => {
    const response = await call(listMembers, { path: '/api/members', cookie: cookies.viewer });
    expect(response.status).toBe(200);
    const { members } = (await response.json()) as { members: { email: string; role: string }[] };
    expect(members.map((m) => `${m.email}:${m.role}`)).toEqual([
      'admin@demo-agency.test:admin',
      'agent@demo-agency.test:agent',
      'owner@demo-agency.test:owner',
      'viewer@demo-agency.test:viewer',
    ]);
  });

  it('lets an admin add a user and change their role, but not make an owner', async () => {
    const added = await add(cookies.admin!, USERS.outsider, 'agent');
    expect(added.status).toBe(201);
    expect(((await added.json()) as { member: { role: string } }).member.role).toBe('agent');

    const again = await add(cookies.admin!, USERS.outsider, 'agent');
    expect(again.status).toBe(409);

    expect((await patch(cookies.admin!, USERS.outsider, 'viewer')).status).toBe(200);
    const promote = await patch(cookies.admin!, USERS.outsider, 'owner');
    expect(promote.status).toBe(403);
    expect((await problemOf(promote)).detail).toBe('Only an owner can add, change or remove owners.');
    expect((await patch(cookies.admin!, USERS.owner, 'viewer')).status).toBe(403);

    const removed = await call(removeMember, {
      method: 'DELETE',
      path: '/api/members/x',
      params: { userId: userIdOf(USERS.outsider) },
      cookie: cookies.admin,
    });
    expect(removed.status).toBe(204);
  });

  it('tells who to ask when the email has no account', async () => {
    const response = await call(addMember, {
      method: 'POST',
      path: '/api/members',
      body: { email: 'new.hire@demo-agency.test', role: 'agent' },
      cookie: cookies.owner,
    });
    expect(response.status).toBe(404);
    expect((await problemOf(response)).detail).toMatch(/Nobody has signed up with that email/);
  });

  it('keeps the last owner: demoting them answers 409 with the reason', async () => {
    const response = await patch(cookies.owner!, USERS.owner, 'admin');
    expect(response.status).toBe(409);
    expect((await problemOf(response)).detail).toBe('An agency must keep at least one owner.');
  });

  it('switches agency for a member of several, and the choice scopes later calls', async () => {
    const before = (await (await call(listAgencies, { path: '/api/agencies', cookie: cookies.owner })).json()) as {
      currentAgencyId: string;
    };
    expect(before.currentAgencyId).toBe(DEMO_AGENCY_ID);

    const switched = await call(switchAgency, {
      method: 'PUT',
      path: '/api/agencies/current',
      body: { agencyId: SECOND_AGENCY_ID },
      cookie: cookies.owner,
    });
    expect(switched.status).toBe(200);
    const agencyCookie = switched.headers.get('set-cookie')!.split(';')[0]!;
    expect(agencyCookie).toBe(`cs-agency=${SECOND_AGENCY_ID}`);

    const members = await call(listMembers, { path: '/api/members', cookie: `${cookies.owner}; ${agencyCookie}` });
    const emails = ((await members.json()) as { members: { email: string }[] }).members.map((m) => m.email);
    expect(emails).toEqual(['owner@demo-agency.test', 'owner@second-agency.test']);
  });

  it('ignores a stale agency cookie by falling back to a real membership', async () => {
    const response = await call(listAgencies, { path: '/api/agencies', cookie: `${cookies.agent}; cs-agency=${SECOND_AGENCY_ID}` });
    expect(((await response.json()) as { currentAgencyId: string }).currentAgencyId).toBe(DEMO_AGENCY_ID);
  });
});
