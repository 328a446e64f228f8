import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as retentionRoute } from '@/app/api/analytics/segmentation/retention/route';
import { backfillAgency } from '@/lib/segmentation/backfill';
import { refreshAgency, runRefreshStatement } from '@/lib/segmentation/refresh';
import { recordPendingRetention } from '@/lib/segmentation/retention-recording';
import type { Retention, RetentionFigures } from '@/lib/segmentation/retention';
import { createSeededDatabase, testBackend, type TestDatabase } from '../helpers/database';
import { dropDemoHistory, SECOND_AGENCY_ID, USERS } from '../helpers/fixtures';
import { call, problemOf, signIn } from '../helpers/http';
import { EXPECTED, TODAY, YEAR_AGO } from '../helpers/time-book';
import { loadTimeBook } from '../helpers/time-book';

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Counts = Omit<RetentionFigures, 'customerRate' | 'lineRate' | 'premiumRate'>;

const counts = ({ customerRate: _c, lineRate: _l, premiumRate: _p, ...figures }: RetentionFigures): Counts => figures;
const NO_ONE: Counts = { customersThen: 0, customersRetained: 0, linesThen: 0, linesRetained: 0, premiumThen: '0.00', premiumNow: '0.00' };

/**
 * GET /api/analytics/segmentation/retention on the hand-computed book (tests/helpers/time-book.ts):
 * every cohort to the cent, the rates, which days it answers for and what it says about the
 * others, and the empty state of an agency without history.
 */
describe(`retention API on ${testBackend()}`, () => {
  let test: TestDatabase;
  let secondOwner: string;
  let demoViewer: string;

  const get = (cookie: string, query = '') =>
    call(retentionRoute as Handler, { path: `/api/analytics/segmentation/retention${query}`, cookie });
  const retentionOf = async (query = ''): Promise<Retention> => {
    const response = await get(secondOwner, query);
    expect(response.status, await response.clone().text()).toBe(200);
    return response.json();
  };
  const refusal = async (query: string) => {
    const response = await get(secondOwner, query);
    expect(response.status).toBe(400);
    return (await problemOf(response)).errors;
  };

  beforeAll(async () => {
    test = await createSeededDatabase({ customers: 10 });
    await loadTimeBook(test.db, SECOND_AGENCY_ID);
    // The next day's refresh: the latest snapshot is no month-end, so retention stays as of TODAY.
    await refreshAgency(SECOND_AGENCY_ID, { mode: 'recent', asOf: '2026-07-01' }, test.db);
    secondOwner = await signIn(USERS.outsider);
    demoViewer = await signIn(USERS.viewer);
  });
  afterAll(() => test.drop());

  it('answers, by default, the latest month-end with retention: every cohort to the cent, as the book computes it', async () => {
    const retention = await retentionOf();
    expect(retention).toMatchObject({ asOf: TODAY, since: YEAR_AGO, empty: null });
    // The history starts 2025-04-30: the month-ends from 2026-04-30 have a year before them.
    expect(retention.available).toEqual([TODAY, '2026-05-31', '2026-04-30']);
    expect(counts(retention.overall!)).toEqual(EXPECTED.retention.all);
    expect(Object.fromEntries(retention.byTier.map(({ tier, ...figures }) => [`tier:${tier}`, counts(figures)]))).toEqual({
      'tier:elite': EXPECTED.retention['tier:elite'],
      'tier:premium': EXPECTED.retention['tier:premium'],
      'tier:standard': EXPECTED.retention['tier:standard'],
      'tier:entry': EXPECTED.retention['tier:entry'],
    });
    // Nobody held three lines a year ago: the cohort is there, empty, so a client can say so.
    expect(Object.fromEntries(retention.byLines.map(({ lines, ...figures }) => [`lines:${lines}`, counts(figures)]))).toEqual({
      'lines:1': EXPECTED.retention['lines:1'],
      'lines:2': EXPECTED.retention['lines:2'],
      'lines:3+': NO_ONE,
    });
  });

  it('gives each rate exactly, to four decimals; premium retention above 100% where a cohort grew', async () => {
    const retention = await retentionOf();
    // 4 of 6 customers, 5 of 8 lines, 23,900 of 31,900 premium (0.749216…).
    expect(retention.overall).toMatchObject({ customerRate: '0.6667', lineRate: '0.6250', premiumRate: '0.7492' });
    const tier = (name: string) => retention.byTier.find((cohort) => cohort.tier === name);
    // T-D came back at 1,700 after 1,600: 106.25%.
    expect(tier('standard')).toMatchObject({ customerRate: '1.0000', lineRate: '1.0000', premiumRate: '1.0625' });
    // T-C left: nothing kept.
    expect(tier('entry')).toMatchObject({ customerRate: '0.0000', lineRate: '0.0000', premiumRate: '0.0000' });
    expect(retention.byLines.find((cohort) => cohort.lines === '3+')).toMatchObject({
      customerRate: null,
      lineRate: null,
      premiumRate: null,
    });
  });

  it('answers a named month-end, and month-end for the latest one', async () => {
    expect((await retentionOf('?asOf=month-end')).asOf).toBe(TODAY);
    const may = await retentionOf('?asOf=2026-05-31');
    expect(may).toMatchObject({ asOf: '2026-05-31', since: '2025-05-31' });
    // On 2025-05-31 the same six were in force as on YEAR_AGO, and on 2026-05-31 the same four as on
    // TODAY, with the same policies (T-E's umbrella began 2026-04-01, T-H's BOP had ended): equal figures.
    expect(counts(may.overall!)).toEqual(EXPECTED.retention.all);
  });

  it('refuses a day it has no retention for, saying why and what is available', async () => {
    const available = 'Retention is available as of month-ends from 2026-04-30 to 2026-06-30.';
    expect(await refusal('?asOf=2026-06-15')).toEqual([
      {
        field: 'query.asOf',
        message: `No snapshot was taken on 2026-06-15. The history holds snapshots from 2025-04-30 to 2026-07-01. ${available}`,
      },
    ]);
    expect(await refusal('?asOf=2026-07-01')).toEqual([
      { field: 'query.asOf', message: `2026-07-01 is not a month-end: retention is recorded on month-end snapshots. ${available}` },
    ]);
    expect(await refusal('?asOf=2026-03-31')).toEqual([
      {
        field: 'query.asOf',
        message: `There is no snapshot 12 months before 2026-03-31: retention needs a year of history. The history holds snapshots from 2025-04-30 to 2026-07-01. ${available}`,
      },
    ]);
    for (const asOf of ['30d', '2026-6-30', 'tomorrow']) {
      expect((await refusal(`?asOf=${asOf}`))?.map((error) => error.field)).toEqual(['query.asOf']);
    }
  });

  it('gives an agency without history an empty state that says how to compute it, never an error', async () => {
    // Demo Agency as right after its first import: one refresh day, no history before it.
    await dropDemoHistory(test.db);
    const response = await get(demoViewer);
    expect(response.status).toBe(200);
    const retention: Retention = await response.json();
    expect(retention).toMatchObject({ asOf: null, since: null, available: [], overall: null, byTier: [], byLines: [] });
    expect(retention.empty?.reason).toBe('no-history');
    expect(retention.empty?.message).toContain('Compute history on the dashboard, or npm run insights:backfill');
    // A date is still checked: it names nothing there is, and says there is no retention yet.
    const refused = await get(demoViewer, '?asOf=2026-06-30');
    expect(refused.status).toBe(400);
    expect((await problemOf(refused)).errors?.[0]?.message).toMatch(/retention needs a year of history.*There is no retention yet/);
  });

  it('records a month-end whose retention failed at the next refresh, and never fails the refresh for it', async () => {
    const recorded = async () =>
      (
        await test.db.query<{ n: number }>(
          'select count(*)::int as n from insight_snapshot_retention where agency_id = $1 and as_of = $2',
          [SECOND_AGENCY_ID, TODAY],
        )
      )[0]!.n;
    // The month-end was refreshed again and its recording lost (the process stopped first), and the next one fails.
    await test.db.query('delete from insight_snapshot_retention where agency_id = $1 and as_of = $2', [SECOND_AGENCY_ID, TODAY]);
    await test.db.query('update insight_refresh_days set retention_recorded_at = null where agency_id = $1 and as_of = $2', [
      SECOND_AGENCY_ID,
      TODAY,
    ]);
    await test.db.query('alter table insight_snapshot_retention rename to insight_snapshot_retention_away');
    try {
      const refreshed = await refreshAgency(SECOND_AGENCY_ID, { mode: 'recent', asOf: '2026-07-02' }, test.db);
      expect(refreshed.agencyId).toBe(SECOND_AGENCY_ID);
    } finally {
      await test.db.query('alter table insight_snapshot_retention_away rename to insight_snapshot_retention');
    }
    // Recorded as a failed retention, not a failed refresh: the figures are fresh.
    const logs = await test.db.query<{ job: string; status: string }>(
      'select job, status from application_logs where agency_id = $1 order by created_at desc, id desc limit 2',
      [SECOND_AGENCY_ID],
    );
    expect(logs).toEqual([
      { job: 'insights-retention', status: 'error' },
      { job: 'insights-refresh', status: 'ok' },
    ]);
    expect(await recorded()).toBe(0);

    // The next day's refresh records it, to the same figures.
    await refreshAgency(SECOND_AGENCY_ID, { mode: 'recent', asOf: '2026-07-03' }, test.db);
    expect(await recorded()).toBeGreaterThan(0);
    expect(counts((await retentionOf(`?asOf=${TODAY}`)).overall!)).toEqual(EXPECTED.retention.all);
  });

  it('figures a month-end with no one in force a year before once, not again after every refresh', async () => {
    // A book that began six months before TODAY: its history reaches back 36 months, so the
    // month-ends from two years back have a snapshot a year before them, with no one in force.
    const [young] = await test.db.query<{ id: string }>(
      `insert into agencies (name, slug) values ('Young Book', 'young-book') returning id`,
    );
    const [customer] = await test.db.query<{ id: string }>(
      `insert into customers (agency_id, external_id) values ($1, 'Y-1') returning id`,
      [young!.id],
    );
    await test.db.query(
      `insert into policies (agency_id, customer_id, external_id, line_of_business, annual_premium, effective_date)
       values ($1, $2, 'Y-1A', 'auto', 900, '2025-12-15')`,
      [young!.id, customer!.id],
    );
    await refreshAgency(young!.id, { mode: 'agency', asOf: TODAY }, test.db);
    const outcome = await backfillAgency(young!.id, { months: 36, today: TODAY }, test.db);
    expect(outcome.retentionDays).toBeGreaterThan(12);
    // Nothing left to figure: the next refresh does not read the history for it again.
    expect(await recordPendingRetention(young!.id, test.db)).toBe(0);
    // A month-end refreshed again (the refresh's own statement, without what follows it) is to figure again.
    await test.db.transaction((tx) => runRefreshStatement(tx, young!.id, TODAY, { onlyRecent: false }));
    expect(await recordPendingRetention(young!.id, test.db)).toBe(1);
  });
});
