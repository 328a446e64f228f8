import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as historyRoute from '@/app/api/analytics/segmentation/history/route';
import { GET as retentionRoute } from '@/app/api/analytics/segmentation/retention/route';
import { backfillDays, MAX_HISTORY_MONTHS } from '@/lib/segmentation/backfill';
import { settleBackgroundRuns, type HistoryState } from '@/lib/segmentation/backfill-runs';
import type { Retention } from '@/lib/segmentation/retention';
import { createSeededDatabase, testBackend, type TestDatabase } from '../helpers/database';
import { DEMO_AGENCY_ID, dropDemoHistory, resetRateLimits, USERS, userIdOf } from '../helpers/fixtures';
import { call, problemOf, signIn } from '../helpers/http';

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const PATH = '/api/analytics/segmentation/history';

/**
 * "Compute history" (SPEC §11): POST starts the 36-month backfill in the background of the
 * server process and answers 202; GET shows its progress to every member until it is done and
 * the snapshot days exist; a second start while one runs is 409 with its progress; a run whose
 * process died may be started again; agents and viewers may not start one.
 */
describe(`history backfill from the dashboard on ${testBackend()}`, () => {
  let test: TestDatabase;
  const cookies: Record<string, string> = {};

  const start = (cookie: string, agencyId?: string) => call(historyRoute.POST as Handler, { method: 'POST', path: PATH, cookie, agencyId });
  const state = async (cookie: string): Promise<HistoryState> => {
    const response = await call(historyRoute.GET as Handler, { path: PATH, cookie });
    expect(response.status).toBe(200);
    return response.json();
  };
  /** Polls GET as the viewer, as the dashboard does, until the run is no longer running; returns every state seen. */
  const untilFinished = async () => {
    const seen: HistoryState[] = [];
    for (let attempt = 0; attempt < 600; attempt += 1) {
      const current = await state(cookies.viewer!);
      seen.push(current);
      if (current.run?.status !== 'running') return seen;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error('the backfill did not finish in 2 minutes');
  };
  const snapshotDays = async () =>
    (
      await test.db.query<{ day: string }>('select as_of::text as day from insight_refresh_days where agency_id = $1 order by 1', [
        DEMO_AGENCY_ID,
      ])
    ).map((row) => row.day);

  beforeAll(async () => {
    test = await createSeededDatabase({ customers: 40 });
    // Demo Agency as right after its first import: one refresh day, none of the seed's history.
    await dropDemoHistory(test.db);
    for (const [role, email] of Object.entries(USERS)) cookies[role] = await signIn(email);
  });
  beforeEach(() => resetRateLimits(test.db));
  afterAll(async () => {
    await settleBackgroundRuns();
    await test.drop();
  });

  it('offers the history to compute: customers, less than a year of snapshots, no run yet', async () => {
    const before = await state(cookies.viewer!);
    expect(before).toMatchObject({ run: null, hasCustomers: true, months: MAX_HISTORY_MONTHS });
    expect(before.history).toEqual({ earliest: '2026-06-30', latest: '2026-06-30', snapshotDays: 1, reachesYearBack: false });
  });

  it('refuses agents and viewers (403), and starts nothing for them', async () => {
    for (const role of ['agent', 'viewer']) {
      const response = await start(cookies[role]!);
      expect(response.status, role).toBe(403);
      expect((await problemOf(response)).detail).toBe(`Your role (${role}) does not allow this.`);
    }
    expect((await state(cookies.viewer!)).run).toBeNull();
  });

  it('starts once when asked twice at the same moment: 202 with the run, 409 with its progress', async () => {
    const responses = await Promise.all([start(cookies.owner!), start(cookies.admin!)]);
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([202, 409]);
    const accepted = responses.find((response) => response.status === 202)!;
    expect(accepted.headers.get('location')).toBe(PATH);
    const { run } = await accepted.json();
    expect(run).toMatchObject({ status: 'running', monthsDone: 0, monthsTotal: 36, error: null });

    const conflict = responses.find((response) => response.status === 409)!;
    const problem = (await problemOf(conflict)) as Awaited<ReturnType<typeof problemOf>> & { run: { id: string; status: string } };
    expect(problem.title).toBe('History is being computed');
    expect(problem.detail).toMatch(/^The history is already being computed for this agency \(\d+ of 36 months so far\)\.$/);
    expect(problem.run).toMatchObject({ id: run.id, status: 'running' });

    const seen = await untilFinished();
    const done = seen.at(-1)!;
    // The seed's refresh day (2026-06-30) is one of the 36 month-ends: it is left as it is.
    expect(done.run).toMatchObject({ id: run.id, status: 'done', monthsDone: 36, monthsTotal: 36, monthsComputed: 35, error: null });
    expect(done.run!.retentionDays).toBeGreaterThan(0);
    expect(done.history.reachesYearBack).toBe(true);
    // Progress only moves forward.
    const progress = seen.map((current) => current.run!.monthsDone);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('leaves the 36 month-end snapshots, their retention, the audit record and the job log', async () => {
    const days = await snapshotDays();
    expect(days).toEqual(expect.arrayContaining([...backfillDays(MAX_HISTORY_MONTHS), '2026-06-30']));
    const response = await call(retentionRoute as Handler, { path: '/api/analytics/segmentation/retention', cookie: cookies.viewer });
    const retention: Retention = await response.json();
    // The latest backfilled month-end has a year of history before it now.
    expect(retention.asOf).toBe(backfillDays(MAX_HISTORY_MONTHS).at(-1));
    expect(retention.overall!.customersThen).toBeGreaterThan(0);

    const audit = await test.db.query<{ actor_id: string; details: { months: number } }>(
      `select actor_id, details from audit_events where agency_id = $1 and action = 'history-backfill'`,
      [DEMO_AGENCY_ID],
    );
    expect(audit).toHaveLength(1);
    expect([userIdOf(USERS.owner), userIdOf(USERS.admin)]).toContain(audit[0]!.actor_id);
    expect(audit[0]!.details.months).toBe(36);
    const logs = await test.db.query<{ status: string }>(
      `select status from application_logs where agency_id = $1 and job = 'insights-backfill'`,
      [DEMO_AGENCY_ID],
    );
    expect(logs).toEqual([{ status: 'ok' }]);
  });

  it('starts again after a run whose server died, and then changes nothing that was computed', async () => {
    const days = await snapshotDays();
    // A run left `running` by a process that stopped 10 minutes ago (no heartbeat since): the latest run.
    await test.db.query(`update history_backfill_runs set started_at = started_at - interval '1 hour' where agency_id = $1`, [
      DEMO_AGENCY_ID,
    ]);
    await test.db.query(
      `insert into history_backfill_runs (agency_id, status, months_total, months_done, started_at, updated_at)
       values ($1, 'running', 36, 12, now() - interval '11 minutes', now() - interval '10 minutes')`,
      [DEMO_AGENCY_ID],
    );
    const dead = await state(cookies.viewer!);
    expect(dead.run).toMatchObject({ status: 'interrupted', monthsDone: 12 });

    const restarted = await start(cookies.owner!);
    expect(restarted.status).toBe(202);
    const [interrupted] = await test.db.query<{ status: string; error: string }>(
      `select status, error from history_backfill_runs where agency_id = $1 and months_done = 12`,
      [DEMO_AGENCY_ID],
    );
    expect(interrupted).toEqual({ status: 'interrupted', error: 'The server running it stopped before it finished.' });
    const done = (await untilFinished()).at(-1)!;
    expect(done.run).toMatchObject({ status: 'done', monthsComputed: 0 });
    expect(await snapshotDays()).toEqual(days);
  });

  it('refuses to start for an agency without customers, saying to import first', async () => {
    const [empty] = await test.db.query<{ id: string }>(`insert into agencies (name, slug) values ('Empty', 'empty') returning id`);
    await test.db.query(`insert into agency_members (agency_id, user_id, role) values ($1, $2, 'owner')`, [
      empty!.id,
      userIdOf(USERS.owner),
    ]);
    const response = await start(cookies.owner!, empty!.id);
    expect(response.status).toBe(422);
    expect((await problemOf(response)).detail).toBe('This agency has no customers yet: import its book first, then compute its history.');
  });
});
