import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as historyRoute from '@/app/api/analytics/segmentation/history/route';
import { GET as moversRoute } from '@/app/api/analytics/segmentation/movers/route';
import { GET as retentionRoute } from '@/app/api/analytics/segmentation/retention/route';
import { backfillAgency, backfillDays, MAX_HISTORY_MONTHS, rebuildHistory } from '@/lib/segmentation/backfill';
import { settleBackgroundRuns, type HistoryState } from '@/lib/segmentation/backfill-runs';
import { refreshAgency } from '@/lib/segmentation/refresh';
import type { Retention } from '@/lib/segmentation/retention';
import { createSeededDatabase, testBackend, type TestDatabase } from '../helpers/database';
import { resetRateLimits, SECOND_AGENCY_ID, USERS, userIdOf } from '../helpers/fixtures';
import { call, problemOf, signIn } from '../helpers/http';
import { EXPECTED, HISTORY_MONTHS, loadTimeBook, TODAY, YEAR_AGO } from '../helpers/time-book';

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const PATH = '/api/analytics/segmentation/history';
/** The day after the book's TODAY: a daily refresh between month-ends. */
const NEXT_DAY = '2026-07-01';

/**
 * "Recompute history" (SPEC §11) on the hand-computed book (tests/helpers/time-book.ts): an import
 * corrects a past date, T-B's home policy cancelled on 2025-05-01 instead of 2026-02-10, so T-B was
 * no customer a year before TODAY. The backfill leaves month-ends it computed before as they are;
 * recomputing forgets the history and works every month-end out again from the dates on file, so
 * retention and movers over the year to TODAY lose T-B, to the cent.
 */
describe(`recomputing history on ${testBackend()}`, () => {
  let test: TestDatabase;
  let owner: string;
  let agent: string;

  const retentionOn = async (asOf: string) => {
    const response = await call(retentionRoute as Handler, { path: `/api/analytics/segmentation/retention?asOf=${asOf}`, cookie: owner });
    expect(response.status, await response.clone().text()).toBe(200);
    return ((await response.json()) as Retention).overall;
  };
  const moversDown = async () => {
    const response = await call(moversRoute as Handler, {
      path: `/api/analytics/segmentation/movers?from=${YEAR_AGO}&to=${TODAY}&direction=down`,
      cookie: owner,
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { movers: { externalId: string }[] }).movers.map((mover) => mover.externalId);
  };
  const snapshotDays = async () =>
    (
      await test.db.query<{ day: string }>('select as_of::text as day from insight_refresh_days where agency_id = $1 order by 1', [
        SECOND_AGENCY_ID,
      ])
    ).map((row) => row.day);
  const historyRows = async () =>
    (
      await test.db.query<{ n: number }>('select count(*)::int as n from customer_tier_history where agency_id = $1', [SECOND_AGENCY_ID])
    )[0]!.n;

  beforeAll(async () => {
    test = await createSeededDatabase({ customers: 10 });
    await loadTimeBook(test.db, SECOND_AGENCY_ID);
    await refreshAgency(SECOND_AGENCY_ID, { mode: 'recent', asOf: NEXT_DAY }, test.db);
    owner = await signIn(USERS.outsider);
    // Demo Agency's agent is an agent here too: they may look, not recompute.
    await test.db.query(`insert into agency_members (agency_id, user_id, role) values ($1, $2, 'agent')`, [
      SECOND_AGENCY_ID,
      userIdOf(USERS.agent),
    ]);
    agent = await signIn(USERS.agent);
    // The corrected import: T-B's policy ended well before a year ago.
    await test.db.query(
      `update policies set cancellation_date = '2025-05-01', updated_at = now() where agency_id = $1 and external_id = 'TB-1'`,
      [SECOND_AGENCY_ID],
    );
  }, 120_000);
  beforeEach(() => resetRateLimits(test.db));
  afterAll(async () => {
    await settleBackgroundRuns();
    await test?.drop();
  });

  it('keeps month-ends computed before when only the missing ones are asked for', async () => {
    const outcome = await backfillAgency(SECOND_AGENCY_ID, { months: HISTORY_MONTHS, today: TODAY }, test.db);
    expect(outcome.computed).toBe(0);
    expect(await retentionOn(TODAY)).toMatchObject(EXPECTED.retention.all);
    expect(await moversDown()).toEqual(['T-B']);
  });

  it('works every month-end out again from the corrected dates: T-B leaves the year-ago cohort, to the cent', async () => {
    const before = await snapshotDays();
    expect(before).toContain(NEXT_DAY);
    const outcome = await rebuildHistory(SECOND_AGENCY_ID, { months: HISTORY_MONTHS, today: NEXT_DAY }, test.db);
    expect(outcome).toMatchObject({ months: HISTORY_MONTHS, computed: HISTORY_MONTHS });

    // Cohort on YEAR_AGO without T-B (premium 6,000, one line): A, C, D, E, H. Retained: A, D, E, H.
    expect(await retentionOn(TODAY)).toMatchObject({
      customersThen: 5,
      customersRetained: 4,
      linesThen: 7,
      linesRetained: 5,
      premiumThen: '25900.00',
      premiumNow: '23900.00',
    });
    expect(await moversDown()).toEqual([]);
    // The 14 month-ends before NEXT_DAY's month, and NEXT_DAY itself: the day's snapshot, taken again.
    expect(await snapshotDays()).toEqual([...backfillDays(HISTORY_MONTHS, NEXT_DAY), NEXT_DAY]);
  });

  it('changes nothing when run again on the same dates', async () => {
    const days = await snapshotDays();
    const rows = await historyRows();
    const retention = await retentionOn(TODAY);
    await rebuildHistory(SECOND_AGENCY_ID, { months: HISTORY_MONTHS, today: NEXT_DAY }, test.db);
    expect(await snapshotDays()).toEqual(days);
    expect(await historyRows()).toBe(rows);
    expect(await retentionOn(TODAY)).toEqual(retention);
  });

  it('refuses a number of months it cannot compute before forgetting anything', async () => {
    const days = await snapshotDays();
    await expect(rebuildHistory(SECOND_AGENCY_ID, { months: 37, today: NEXT_DAY }, test.db)).rejects.toThrow(
      `Months must be a whole number from 1 to ${MAX_HISTORY_MONTHS}.`,
    );
    expect(await snapshotDays()).toEqual(days);
  });

  it('runs from the dashboard for owners and admins (mode=recompute), audited as such; agents are refused', async () => {
    const refused = await call(historyRoute.POST as Handler, {
      method: 'POST',
      path: `${PATH}?mode=recompute`,
      cookie: agent,
      agencyId: SECOND_AGENCY_ID,
    });
    expect(refused.status).toBe(403);
    const wrongMode = await call(historyRoute.POST as Handler, { method: 'POST', path: `${PATH}?mode=all`, cookie: owner });
    expect(wrongMode.status).toBe(400);
    expect((await problemOf(wrongMode)).errors).toEqual([{ field: 'query.mode', message: 'Must be one of missing, recompute.' }]);

    const started = await call(historyRoute.POST as Handler, { method: 'POST', path: `${PATH}?mode=recompute`, cookie: owner });
    expect(started.status).toBe(202);
    await settleBackgroundRuns();
    const state: HistoryState = await (await call(historyRoute.GET as Handler, { path: PATH, cookie: owner })).json();
    expect(state.run).toMatchObject({ status: 'done', monthsDone: MAX_HISTORY_MONTHS, monthsComputed: MAX_HISTORY_MONTHS, error: null });
    // Today's snapshot and the 36 month-ends before this month; nothing older, nothing in between.
    const days = await snapshotDays();
    expect(days.slice(0, -1)).toEqual(backfillDays(MAX_HISTORY_MONTHS));
    expect(days).toHaveLength(MAX_HISTORY_MONTHS + 1);

    const [audit] = await test.db.query<{ actor_id: string; details: { mode: string; months: number } }>(
      `select actor_id, details from audit_events where agency_id = $1 and action = 'history-backfill' order by created_at desc limit 1`,
      [SECOND_AGENCY_ID],
    );
    expect(audit).toMatchObject({ actor_id: userIdOf(USERS.outsider), details: { mode: 'recompute', months: MAX_HISTORY_MONTHS } });
  });
});
