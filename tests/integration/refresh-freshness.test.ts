import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GET as summaryRoute } from '@/app/api/analytics/segmentation/route';
import { FreshnessBanner } from '@/components/segmentation/FreshnessBanner';
import { readConfig } from '@/lib/config';
import { DAILY_ATTEMPTS, RUN_HISTORY_DAYS, runDailyRefresh } from '@/lib/segmentation/daily-refresh';
import { getFreshness, type Freshness } from '@/lib/segmentation/freshness';
import { addDays, todayIso } from '@/lib/segmentation';
import type { Membership } from '@/lib/tenancy/agencies';
import { createSeededDatabase, testBackend, type TestDatabase } from '../helpers/database';
import { DEMO_AGENCY_ID, resetRateLimits, SECOND_AGENCY_ID, USERS } from '../helpers/fixtures';
import { call, signIn } from '../helpers/http';

/**
 * The daily refresh in one process (claims, failures, retries, stale claims) and what the
 * dashboard says about the age of its figures. Two processes racing for the claims:
 * refresh-scheduler.postgres.test.ts.
 */
const membership = (role: Membership['role']): Membership => ({ agencyId: DEMO_AGENCY_ID, name: 'Demo Agency', slug: 'demo-agency', role });
const SCHEDULER_ON = readConfig({ REFRESH_SCHEDULE: '0 5 * * *' }).refreshScheduler;
const SCHEDULER_OFF = readConfig({ REFRESH_SCHEDULER: 'off' }).refreshScheduler;
const HOUR = 3_600_000;

describe(`the daily refresh and the freshness of the figures on ${testBackend()}`, () => {
  let test: TestDatabase;
  const day = todayIso();
  const runRows = (agencyId: string) =>
    test.db.query<{ status: string; attempts: number; error: string | null; claimed_by: string }>(
      'select status, attempts, error, claimed_by from scheduled_refresh_runs where agency_id = $1 and run_day = $2',
      [agencyId, day],
    );
  const refreshLogs = async (agencyId: string) =>
    test.db.query<{ status: string; details: { error?: string; mode?: string } }>(
      `select status, details from application_logs where agency_id = $1 and job = 'insights-refresh' order by id`,
      [agencyId],
    );
  /** The figures as if computed `hours` ago. */
  const ageFigures = (hours: number) =>
    test.db.query(`update agency_insight_summaries set computed_at = now() - make_interval(hours => $2) where agency_id = $1`, [
      DEMO_AGENCY_ID,
      hours,
    ]);
  const freshnessOf = async (role: Membership['role'], scheduler = SCHEDULER_ON) => {
    const [row] = await test.db.query<{ computed_at: Date }>('select computed_at from agency_insight_summaries where agency_id = $1', [
      DEMO_AGENCY_ID,
    ]);
    return getFreshness(membership(role), { dataMode: 'live', computedAt: row!.computed_at.toISOString() }, { scheduler });
  };
  const breakRules = () =>
    // Rules no refresh can apply, as an older version or a bad restore might have left them.
    test.db.query(
      `insert into segmentation_settings (agency_id, rules, version) values ($1, '{"elite": "everyone"}', 7)
       on conflict (agency_id) do update set rules = excluded.rules, version = excluded.version`,
      [DEMO_AGENCY_ID],
    );
  const repairRules = () => test.db.query('delete from segmentation_settings where agency_id = $1', [DEMO_AGENCY_ID]);

  beforeAll(async () => {
    test = await createSeededDatabase({ customers: 20 });
  });
  beforeEach(async () => {
    // Each test starts with no refresh on record (the latest one decides the reason).
    await test.db.query('delete from scheduled_refresh_runs');
    await test.db.query(`delete from application_logs where job = 'insights-refresh'`);
    await repairRules();
    await resetRateLimits(test.db);
  });
  afterAll(() => test.drop());

  it('calls figures fresh for 26 hours, then stale, saying when the daily refresh runs next', async () => {
    await ageFigures(25);
    expect(await freshnessOf('viewer')).toMatchObject({ stale: false, ageHours: 25, staleAfterHours: 26, reason: null, lastFailure: null });
    await ageFigures(27);
    const stale = await freshnessOf('viewer');
    expect(stale).toMatchObject({ stale: true, ageHours: 27, reason: 'no-run-yet', lastScheduledRun: null });
    // 05:00 UTC, within the next day.
    const next = Date.parse(stale.nextScheduledRunAt!);
    expect(new Date(next).toISOString()).toMatch(/T05:00:00\.000Z$/);
    expect(next - Date.now()).toBeLessThanOrEqual(24 * HOUR);
    // The illustrative book is scored on every view.
    expect((await getFreshness(membership('viewer'), { dataMode: 'demo', computedAt: new Date().toISOString() })).stale).toBe(false);
  });

  it('says the scheduler is off in this deployment when it is, and gives no next run', async () => {
    await ageFigures(30);
    expect(await freshnessOf('owner', SCHEDULER_OFF)).toMatchObject({ stale: true, reason: 'scheduler-off', nextScheduledRunAt: null });
  });

  it('refreshes every agency once a day: a second pass the same day refreshes nothing', async () => {
    await ageFigures(30);
    const first = await runDailyRefresh({ day, runner: 'test-runner-1' });
    expect(first.refreshed.map((run) => run.agencyId).sort()).toEqual([DEMO_AGENCY_ID, SECOND_AGENCY_ID].sort());
    expect(first.failed).toEqual([]);
    const logsAfterFirst = (await refreshLogs(DEMO_AGENCY_ID)).length;
    const second = await runDailyRefresh({ day, runner: 'test-runner-2' });
    expect(second).toMatchObject({ refreshed: [], failed: [], alreadyClaimed: 2 });
    expect(await refreshLogs(DEMO_AGENCY_ID)).toHaveLength(logsAfterFirst);
    expect(await runRows(DEMO_AGENCY_ID)).toEqual([{ status: 'ok', attempts: 1, error: null, claimed_by: 'test-runner-1' }]);
    // The run refreshed in mode recent, and the figures are fresh again.
    expect((await refreshLogs(DEMO_AGENCY_ID)).at(-1)).toMatchObject({ status: 'ok', details: { mode: 'recent' } });
    expect(await freshnessOf('viewer')).toMatchObject({ stale: false, reason: null, lastScheduledRun: { day, status: 'ok' } });
  });

  it('records and logs a failed agency without stopping the others, and shows it as the reason for stale figures', async () => {
    await breakRules();
    const report = await runDailyRefresh({ day, runner: 'test-runner' });
    expect(report.refreshed.map((run) => run.agencyId)).toEqual([SECOND_AGENCY_ID]);
    expect(report.failed).toEqual([{ agencyId: DEMO_AGENCY_ID, error: expect.any(String) }]);
    const recorded = report.failed[0]!.error;
    expect(recorded.length).toBeGreaterThan(0);
    expect(await runRows(DEMO_AGENCY_ID)).toEqual([{ status: 'error', attempts: 1, error: recorded, claimed_by: 'test-runner' }]);
    expect(await runRows(SECOND_AGENCY_ID)).toMatchObject([{ status: 'ok', attempts: 1 }]);
    expect((await refreshLogs(DEMO_AGENCY_ID)).at(-1)).toEqual({
      status: 'error',
      details: expect.objectContaining({ mode: 'recent', error: recorded }),
    });

    await ageFigures(30);
    const forOwner = await freshnessOf('owner');
    expect(forOwner).toMatchObject({
      stale: true,
      reason: 'last-run-failed',
      lastFailure: { error: recorded },
      lastScheduledRun: { day, status: 'error' },
    });
    expect(Date.now() - Date.parse(forOwner.lastFailure!.at)).toBeLessThan(60_000);
    // Job errors are for owners and admins; a viewer learns that it failed, and when.
    expect((await freshnessOf('viewer')).lastFailure).toEqual({ at: forOwner.lastFailure!.at, error: null });

    // The API gives it with the summary (its other fields unchanged), and the dashboard says it.
    const [owner, viewer] = [await signIn(USERS.owner), await signIn(USERS.viewer)];
    const response = await call(summaryRoute, { path: '/api/analytics/segmentation', cookie: owner });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { freshness: Freshness; dataMode: string; totals: { customers: number } };
    expect(body).toMatchObject({ dataMode: 'live', totals: { customers: expect.any(Number) } });
    expect(body.freshness).toMatchObject({ stale: true, ageHours: 30, reason: 'last-run-failed', lastFailure: { error: recorded } });
    const viewerBody = (await (await call(summaryRoute, { path: '/api/analytics/segmentation', cookie: viewer })).json()) as {
      freshness: Freshness;
    };
    expect(viewerBody.freshness.lastFailure).toMatchObject({ error: null });

    const banner = renderToStaticMarkup(createElement(FreshnessBanner, { freshness: body.freshness, canRecompute: true }));
    expect(banner).toContain('role="status"');
    expect(banner).toContain('These figures are 30 hours old');
    expect(banner).toMatch(/The last refresh, on \w+ \d+, \d{4}, \d\d:\d\d UTC, failed\./);
    expect(banner).toContain(`Recorded error: <code class="rounded bg-white px-1">${escapeHtml(recorded)}</code>`);
    expect(banner).toContain('Press Refresh to recompute them now.');
    const viewerBanner = renderToStaticMarkup(createElement(FreshnessBanner, { freshness: viewerBody.freshness, canRecompute: false }));
    expect(viewerBanner).not.toContain(escapeHtml(recorded));
    expect(viewerBanner).toContain('Help → Troubleshooting');
  });

  it(`tries a failed agency again at the next pass the same day, ${DAILY_ATTEMPTS} times in all`, async () => {
    await breakRules();
    for (let pass = 1; pass <= DAILY_ATTEMPTS + 1; pass += 1) await runDailyRefresh({ day, runner: `pass-${pass}` });
    expect(await runRows(DEMO_AGENCY_ID)).toMatchObject([
      { status: 'error', attempts: DAILY_ATTEMPTS, claimed_by: `pass-${DAILY_ATTEMPTS}` },
    ]);
    // Repaired before the last attempt, the agency is refreshed by it.
    await test.db.query('delete from scheduled_refresh_runs');
    for (let pass = 1; pass < DAILY_ATTEMPTS; pass += 1) await runDailyRefresh({ day, runner: `pass-${pass}` });
    await repairRules();
    await runDailyRefresh({ day, runner: 'repaired' });
    expect(await runRows(DEMO_AGENCY_ID)).toEqual([{ status: 'ok', attempts: DAILY_ATTEMPTS, error: null, claimed_by: 'repaired' }]);
  });

  it('takes over a claim whose runner died more than 30 minutes ago, and leaves a live one alone', async () => {
    await test.db.query(
      `insert into scheduled_refresh_runs (agency_id, run_day, status, claimed_by, claimed_at) values
         ($1, $3, 'running', 'died', now() - interval '31 minutes'), ($2, $3, 'running', 'alive', now() - interval '5 minutes')`,
      [DEMO_AGENCY_ID, SECOND_AGENCY_ID, day],
    );
    await ageFigures(30);
    expect(await freshnessOf('viewer')).toMatchObject({ stale: true, reason: 'running', lastScheduledRun: { status: 'running' } });
    const report = await runDailyRefresh({ day, runner: 'survivor' });
    expect(report).toMatchObject({ refreshed: [{ agencyId: DEMO_AGENCY_ID }], failed: [], alreadyClaimed: 1 });
    expect(await runRows(DEMO_AGENCY_ID)).toEqual([{ status: 'ok', attempts: 2, error: null, claimed_by: 'survivor' }]);
    expect(await runRows(SECOND_AGENCY_ID)).toMatchObject([{ status: 'running', attempts: 1, claimed_by: 'alive' }]);
  });

  it(`keeps ${RUN_HISTORY_DAYS} days of run rows per agency: older ones go when the day is claimed`, async () => {
    const earlier = [400, RUN_HISTORY_DAYS + 1, RUN_HISTORY_DAYS, 30, 1].map((daysBefore) => addDays(day, -daysBefore));
    for (const agencyId of [DEMO_AGENCY_ID, SECOND_AGENCY_ID]) {
      for (const runDay of earlier) {
        await test.db.query(
          `insert into scheduled_refresh_runs (agency_id, run_day, status, claimed_by, claimed_at, finished_at)
           values ($1, $2, 'ok', 'earlier', now() - interval '1 day', now() - interval '1 day')`,
          [agencyId, runDay],
        );
      }
    }
    const runDays = (agencyId: string) =>
      test.db
        .query<{ run_day: string }>('select run_day::text from scheduled_refresh_runs where agency_id = $1 order by run_day', [agencyId])
        .then((rows) => rows.map((row) => row.run_day));
    const kept = [...earlier.slice(2), day];

    await runDailyRefresh({ day, runner: 'pruning' });
    expect(await runDays(DEMO_AGENCY_ID)).toEqual(kept);
    expect(await runDays(SECOND_AGENCY_ID)).toEqual(kept);
    // The latest run is still the one the banner reads.
    expect(await freshnessOf('viewer')).toMatchObject({ stale: false, lastScheduledRun: { day, status: 'ok' } });
  });

  it('says the daily refresh is overdue when it ran before but not since', async () => {
    await test.db.query(
      `insert into scheduled_refresh_runs (agency_id, run_day, status, claimed_by, claimed_at, finished_at)
       values ($1, current_date - 2, 'ok', 'earlier', now() - interval '2 days', now() - interval '2 days')`,
      [DEMO_AGENCY_ID],
    );
    await ageFigures(48);
    const freshness = await freshnessOf('viewer');
    expect(freshness).toMatchObject({ stale: true, reason: 'overdue', lastScheduledRun: { status: 'ok' } });
    const banner = renderToStaticMarkup(createElement(FreshnessBanner, { freshness, canRecompute: false }));
    expect(banner).toContain('These figures are 2 days old');
    expect(banner).toContain('has not run since');
    expect(banner).toContain('An owner or admin can press Refresh');
  });
});

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#x27;');
}
