import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser } from '@/lib/db';
import { parseInput } from '@/lib/parse-input';
import { getDashboard } from '@/lib/segmentation/use-cases/dashboard';
import type { Membership } from '@/lib/tenancy/agencies';
import type { AgencyCaller } from '@/lib/use-case';
import { createSeededDatabase, testBackend, type TestDatabase } from '../helpers/database';
import { DEMO_AGENCY_ID, SECOND_AGENCY_ID, USERS, userIdOf } from '../helpers/fixtures';

/**
 * The dashboard page's choices (?compareTo=, ?months=) as the page's adapter passes them
 * (src/lib/http/run-page-use-case.ts: the use case's query schema, then run): each is checked on
 * its own, one the page cannot show falls back to its default with its refusal in the API's
 * words, the others are kept, and the page is never refused. Demo Agency holds the seed's 36
 * month-ends and its refresh day (2023-06-30 … 2026-06-30).
 */
describe(`the dashboard's choices, each checked on its own, on ${testBackend()}`, () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createSeededDatabase({ customers: 40 });
  });
  afterAll(() => test.drop());

  async function dashboard(
    query: Record<string, string>,
    agency: Pick<Membership, 'agencyId' | 'name' | 'slug'>,
    user: string = USERS.owner,
  ) {
    const membership: Membership = { ...agency, role: 'owner' };
    const claims = { sub: userIdOf(user), email: user, role: 'authenticated' as const };
    const caller: AgencyCaller = {
      session: { userId: claims.sub, sessionId: claims.sub, email: claims.email, claims },
      memberships: [membership],
      currentAgency: membership,
      agency: membership,
      requestId: 'dashboard-choices-test',
      db: (work) => asUser(claims, work),
    };
    const parsed = await parseInput(getDashboard.query!, query, 'query');
    const {
      refused,
      query: shown,
      summary,
      compareDays,
    } = await getDashboard.run(caller, { query: parsed, body: undefined, params: undefined });
    return { refused, shown, comparedWith: summary.comparison?.asOf ?? null, mode: summary.dataMode, compareDays };
  }
  const demo = { agencyId: DEMO_AGENCY_ID, name: 'Demo Agency', slug: 'demo-agency' };
  const HISTORY = 'The history holds snapshots from 2023-06-30 to 2026-06-30.';

  it('shows the choices as asked when each is good, with nothing refused', async () => {
    expect(await dashboard({ compareTo: '2026-03-31', months: '24' }, demo)).toMatchObject({
      refused: [],
      shown: { compareTo: '2026-03-31', months: 24 },
      comparedWith: '2026-03-31',
      mode: 'live',
    });
  });

  it('replaces both bad choices by their defaults at once, saying why for each', async () => {
    expect(await dashboard({ compareTo: '2020-01-31', months: '99' }, demo)).toMatchObject({
      refused: [
        { field: 'query.months', message: 'Must be from 1 to 36 months: the history reaches 36 months back.' },
        { field: 'query.compareTo', message: `No snapshot was taken on 2020-01-31. ${HISTORY}` },
      ],
      shown: { compareTo: '30d', months: 12 },
      comparedWith: '2026-05-31',
    });
  });

  it('keeps a good choice beside a bad one: a bad span keeps the compared day, a bad day keeps the span', async () => {
    expect(await dashboard({ compareTo: '2025-06-30', months: 'twelve' }, demo)).toMatchObject({
      refused: [{ field: 'query.months', message: 'Must be a number of months.' }],
      shown: { compareTo: '2025-06-30', months: 12 },
      comparedWith: '2025-06-30',
    });
    const badDay = await dashboard({ compareTo: '2026-06-15', months: '6' }, demo);
    expect(badDay).toMatchObject({
      refused: [{ field: 'query.compareTo', message: `No snapshot was taken on 2026-06-15. ${HISTORY}` }],
      shown: { compareTo: '30d', months: 6 },
    });
    // The selector offers the days it can show, never the refused one.
    expect(badDay.compareDays).not.toContain('2026-06-15');
    expect(badDay.compareDays).toContain('2026-05-31');
  });

  it('refuses a value that is neither a date nor a named period in words', async () => {
    const { refused, shown } = await dashboard({ compareTo: 'last-tuesday' }, demo);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ field: 'query.compareTo', message: expect.stringMatching(/30d|date/) });
    expect(shown).toEqual({ compareTo: '30d', months: 12 });
  });

  it('on an agency whose history is its refresh day alone, an earlier day is refused and the page still shows', async () => {
    const second = { agencyId: SECOND_AGENCY_ID, name: 'Second Agency', slug: 'second-agency' };
    expect(await dashboard({ compareTo: '2026-05-31', months: '3' }, second, USERS.outsider)).toMatchObject({
      refused: [
        {
          field: 'query.compareTo',
          message: 'No snapshot was taken on 2026-05-31. The history holds snapshots from 2026-06-30 to 2026-06-30.',
        },
      ],
      shown: { compareTo: '30d', months: 3 },
      comparedWith: null,
    });
  });
});
