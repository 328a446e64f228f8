import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { GET as summaryRoute, POST as scoreRoute } from '@/app/api/analytics/segmentation/route';
import { POST as refreshRoute } from '@/app/api/analytics/segmentation/refresh/route';
import { GET as cronGet, POST as cronPost } from '@/app/api/cron/refresh-customer-insights/route';
import { refreshAgency } from '@/lib/segmentation/refresh';
import { createSeededDatabase, testBackend, type TestDatabase } from '../helpers/database';
import { FIXTURE_AS_OF, FIXTURE_BOOK, loadFixtureBook } from '../helpers/book-fixture';
import { DEMO_AGENCY_ID, resetRateLimits, SECOND_AGENCY_ID, UNKNOWN_ID, USERS } from '../helpers/fixtures';
import { call, problemOf, signIn } from '../helpers/http';

const CRON_SECRET = 'cron-secret-for-tests-0123456789';

// Worked out by hand from tests/helpers/book-fixture.ts (6 active customers, 2 inactive).
const HAND_COMPUTED = {
  totals: {
    customers: 6,
    inactiveCustomers: 2,
    policies: 11,
    annualPremium: 24_999.99,
    avgPremium: 4_166.67, // 24,999.99 / 6 = 4,166.665, rounded half up
    avgLinesPerCustomer: 1.67, // (1 + 3 + 1 + 2 + 2 + 1) / 6
    crossSellOpportunities: 2, // C1 (elite, 1 line) and C3 (premium, 1 line)
    renewalWatch: 1, // C2 (elite): its umbrella expires 2026-08-15, within 60 days of 2026-06-30
  },
  segments: [
    {
      tier: 'elite',
      label: 'Elite',
      count: 2,
      shareOfCustomers: 0.3333,
      annualPremium: 15_000,
      shareOfPremium: 0.6,
      avgPremium: 7_500,
      avgLines: 2,
    },
    {
      tier: 'premium',
      label: 'Premium',
      count: 2,
      shareOfCustomers: 0.3333,
      annualPremium: 7_500,
      shareOfPremium: 0.3,
      avgPremium: 3_750,
      avgLines: 1.5,
    },
    {
      tier: 'standard',
      label: 'Standard',
      count: 1,
      shareOfCustomers: 0.1667,
      annualPremium: 1_000,
      shareOfPremium: 0.04,
      avgPremium: 1_000,
      avgLines: 2,
    },
    {
      tier: 'entry',
      label: 'Entry',
      count: 1,
      shareOfCustomers: 0.1667,
      annualPremium: 1_499.99,
      shareOfPremium: 0.06,
      avgPremium: 1_499.99,
      avgLines: 1,
    },
  ],
};

describe(`segmentation API on ${testBackend()}`, () => {
  let test: TestDatabase;
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    vi.stubEnv('CRON_SECRET', CRON_SECRET);
    test = await createSeededDatabase({ customers: 0 });
    await loadFixtureBook(test.db, DEMO_AGENCY_ID);
    await refreshAgency(DEMO_AGENCY_ID, { mode: 'agency', asOf: FIXTURE_AS_OF }, test.db);
    for (const role of ['owner', 'agent', 'viewer'] as const) cookies[role] = await signIn(USERS[role]);
  });
  beforeEach(() => resetRateLimits(test.db));
  afterAll(() => {
    vi.unstubAllEnvs();
    return test.drop();
  });

  it('GET returns the live summary, to the cent, for any member', async () => {
    const response = await call(summaryRoute, { path: '/api/analytics/segmentation', cookie: cookies.viewer });
    expect(response.status).toBe(200);
    const summary = await response.json();
    expect(summary).toMatchObject({
      dataMode: 'live',
      agency: { id: DEMO_AGENCY_ID, name: 'Demo Agency' },
      asOf: FIXTURE_AS_OF,
      methodology: {
        version: 1,
        rules: {
          elite: [
            { minPremium: 10_000, minLines: 1 },
            { minPremium: 5_000, minLines: 3 },
          ],
        },
      },
      ...HAND_COMPUTED,
    });
    expect(Date.parse(summary.computedAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('POST scores a posted batch with the agency rules, the same way, storing nothing', async () => {
    const before = await test.db.query('select count(*) as n from customer_insights');
    const response = await call(scoreRoute, {
      method: 'POST',
      path: '/api/analytics/segmentation',
      cookie: cookies.agent,
      body: { asOf: FIXTURE_AS_OF, customers: Object.entries(FIXTURE_BOOK).map(([customerId, customer]) => ({ customerId, ...customer })) },
    });
    expect(response.status).toBe(200);
    const { portfolioAnalysis } = await response.json();
    expect(portfolioAnalysis).toMatchObject({ asOf: FIXTURE_AS_OF, methodology: { version: 1 }, ...HAND_COMPUTED });
    expect(await test.db.query('select count(*) as n from customer_insights')).toEqual(before);
  });

  it('shows demo data, clearly labelled, for an agency without customers', async () => {
    const response = await call(summaryRoute, { path: '/api/analytics/segmentation', cookie: await signIn(USERS.outsider) });
    const summary = await response.json();
    expect(summary.dataMode).toBe('demo');
    expect(summary.agency.id).toBe(SECOND_AGENCY_ID);
    expect(summary.totals.customers).toBeGreaterThan(100);
    expect(summary.segments.map((s: { tier: string }) => s.tier)).toEqual(['elite', 'premium', 'standard', 'entry']);
    expect(summary.segments.every((s: { count: number }) => s.count > 0)).toBe(true);
  });

  it('refuses a batch over 10,000 customers and malformed customers with field errors', async () => {
    const tooMany = await call(scoreRoute, {
      method: 'POST',
      path: '/api/analytics/segmentation',
      cookie: cookies.agent,
      body: { customers: Array.from({ length: 10_001 }, () => ({ policies: [] })) },
    });
    expect(tooMany.status).toBe(400);
    expect((await problemOf(tooMany)).errors).toEqual([{ field: 'body.customers', message: 'At most 10,000 customers per batch.' }]);

    const malformed = await call(scoreRoute, {
      method: 'POST',
      path: '/api/analytics/segmentation',
      cookie: cookies.agent,
      body: {
        customers: [
          {
            policies: [
              { lineOfBusiness: '', annualPremium: -5, effectiveDate: '2026-02-30', status: 'lapsed' },
              { lineOfBusiness: 'auto', annualPremium: '12.345', effectiveDate: '2026-03-01', expirationDate: '2026-01-01' },
            ],
          },
        ],
      },
    });
    expect(malformed.status).toBe(400);
    const fields = (await problemOf(malformed)).errors!.map((e) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'body.customers.0.policies.0.lineOfBusiness',
        'body.customers.0.policies.0.annualPremium',
        'body.customers.0.policies.0.effectiveDate',
        'body.customers.0.policies.0.status',
        'body.customers.0.policies.1.annualPremium',
        'body.customers.0.policies.1.expirationDate',
      ]),
    );
  });

  it('lets owners and admins recompute now, and nobody else', async () => {
    expect((await call(refreshRoute, { method: 'POST', path: '/api/analytics/segmentation/refresh', cookie: cookies.agent })).status).toBe(
      403,
    );
    const response = await call(refreshRoute, { method: 'POST', path: '/api/analytics/segmentation/refresh', cookie: cookies.owner });
    expect(response.status).toBe(200);
    const summary = await response.json();
    // Recomputed as of today: the fixture's policies are still in force then, or the counts move; either way the shape holds.
    expect(summary.dataMode).toBe('live');
    expect(summary.segments).toHaveLength(4);
    await refreshAgency(DEMO_AGENCY_ID, { mode: 'agency', asOf: FIXTURE_AS_OF }, test.db);
  });

  describe('the cron route', () => {
    const cron = (authorization?: string, query = '?mode=full', handler = cronPost) =>
      call(handler, {
        method: handler === cronPost ? 'POST' : 'GET',
        path: `/api/cron/refresh-customer-insights${query}`,
        headers: authorization ? { authorization } : {},
      });

    it('answers 401 without the secret or with a wrong one', async () => {
      for (const authorization of [undefined, 'Bearer wrong-secret', `Bearer ${CRON_SECRET}x`, CRON_SECRET]) {
        const response = await cron(authorization);
        expect(response.status, String(authorization)).toBe(401);
        expect((await problemOf(response)).detail).toBe('Send Authorization: Bearer <CRON_SECRET>.');
      }
    });

    it('refreshes every agency with the secret and records each run in application_logs', async () => {
      const before = await test.db.query<{ n: number }>(`select count(*) as n from application_logs where job = 'insights-refresh'`);
      const response = await cron(`Bearer ${CRON_SECRET}`, '?mode=full', cronGet);
      expect(response.status).toBe(200);
      const body = await response.json();
      expect(body).toMatchObject({ mode: 'full', agencies: 2, failed: 0 });
      const logs = await test.db.query<{ status: string; details: { mode: string; rows: number; durationMs: number } }>(
        `select status, details from application_logs where job = 'insights-refresh' order by id desc limit 2`,
      );
      expect(logs).toHaveLength(2);
      for (const log of logs) {
        expect(log.status).toBe('ok');
        expect(log.details).toMatchObject({ mode: 'full', rows: expect.any(Number), durationMs: expect.any(Number) });
      }
      const [after] = await test.db.query<{ n: number }>(`select count(*) as n from application_logs where job = 'insights-refresh'`);
      expect(after!.n).toBe(before[0]!.n + 2);
      await refreshAgency(DEMO_AGENCY_ID, { mode: 'agency', asOf: FIXTURE_AS_OF }, test.db);
    });

    it('answers 404 to an agency that does not exist, and counts no failed refresh', async () => {
      const countLogs = async () =>
        (await test.db.query<{ n: number }>(`select count(*)::int as n from application_logs where job = 'insights-refresh'`))[0]!.n;
      const before = await countLogs();
      const response = await cron(`Bearer ${CRON_SECRET}`, `?mode=agency&agency=${UNKNOWN_ID}`);
      expect(response.status).toBe(404);
      expect(await problemOf(response)).toMatchObject({ title: 'Agency not found', detail: 'No agency with that id exists.' });
      expect(await countLogs()).toBe(before);
    });

    it('says a failed recomputation failed, keeps the figures, and the scheduled run counts it', async () => {
      const summaryPath = { path: '/api/analytics/segmentation', cookie: cookies.owner };
      const before = await (await call(summaryRoute, summaryPath)).json();
      // Rules no refresh can apply: stored by hand, as an older version or a bad restore might have left them.
      const [saved] = await test.db.query<{ rules: Record<string, unknown>; version: number }>(
        'select rules, version from segmentation_settings where agency_id = $1',
        [DEMO_AGENCY_ID],
      );
      await test.db.query(
        `insert into segmentation_settings (agency_id, rules, version) values ($1, '{"elite": "everyone"}', 7)
         on conflict (agency_id) do update set rules = excluded.rules, version = excluded.version`,
        [DEMO_AGENCY_ID],
      );
      try {
        const response = await call(refreshRoute, { method: 'POST', path: '/api/analytics/segmentation/refresh', cookie: cookies.owner });
        expect(response.status).toBe(503);
        expect(response.headers.get('retry-after')).toBe('30');
        expect(await problemOf(response)).toMatchObject({
          type: '/problems/refresh-failed',
          title: 'Refresh failed',
          detail: 'The tiers could not be recomputed just now; the previous figures still stand. Try again shortly.',
        });
        // The figures stand; what changed is that the summary now says the last refresh failed, and when.
        const { freshness, ...figures } = await (await call(summaryRoute, summaryPath)).json();
        const { freshness: freshnessBefore, ...figuresBefore } = before;
        expect(figures).toEqual(figuresBefore);
        expect(freshnessBefore.lastFailure).toBeNull();
        expect(freshness.lastFailure).toEqual({ at: expect.any(String), error: expect.stringMatching(/\S/) });

        const run = await cron(`Bearer ${CRON_SECRET}`, `?mode=agency&agency=${DEMO_AGENCY_ID}`);
        expect(run.status).toBe(500);
        expect(await run.json()).toMatchObject({
          agencies: 1,
          failed: 1,
          results: [{ agencyId: DEMO_AGENCY_ID, status: 'error', rows: 0 }],
        });
        const [log] = await test.db.query<{ status: string }>(
          `select status from application_logs where job = 'insights-refresh' and agency_id = $1 order by id desc limit 1`,
          [DEMO_AGENCY_ID],
        );
        expect(log?.status).toBe('error');
      } finally {
        if (saved) {
          await test.db.query('update segmentation_settings set rules = $2, version = $3 where agency_id = $1', [
            DEMO_AGENCY_ID,
            saved.rules,
            saved.version,
          ]);
        } else {
          await test.db.query('delete from segmentation_settings where agency_id = $1', [DEMO_AGENCY_ID]);
        }
      }
    });

    it('validates its query', async () => {
      const response = await cron(`Bearer ${CRON_SECRET}`, '?mode=agency');
      expect(response.status).toBe(400);
      expect((await problemOf(response)).errors?.map((e) => e.field)).toEqual(['query.agency']);
    });
  });

  describe('the refresh job', () => {
    const snapshot = () =>
      test.db.query(
        `select c.external_id, i.tier, i.annual_premium, i.distinct_lines, i.tier_changed_at, i.computed_at
         from customer_insights i join customers c on c.id = i.customer_id where i.agency_id = $1 order by c.external_id`,
        [DEMO_AGENCY_ID],
      );

    it('is idempotent: a second run changes no row and the summary stays the same', async () => {
      await refreshAgency(DEMO_AGENCY_ID, { mode: 'agency', asOf: FIXTURE_AS_OF }, test.db);
      const before = await snapshot();
      const second = await refreshAgency(DEMO_AGENCY_ID, { mode: 'agency', asOf: FIXTURE_AS_OF }, test.db);
      expect(second).toMatchObject({ rows: 0 });
      expect(await snapshot()).toEqual(before);
      const summary = await (await call(summaryRoute, { path: '/api/analytics/segmentation', cookie: cookies.viewer })).json();
      expect(summary).toMatchObject(HAND_COMPUTED);
    });

    it('runs two refreshes at once without corrupting the aggregates', async () => {
      const results = await Promise.all([
        refreshAgency(DEMO_AGENCY_ID, { mode: 'agency', asOf: FIXTURE_AS_OF }, test.db),
        refreshAgency(DEMO_AGENCY_ID, { mode: 'full', asOf: FIXTURE_AS_OF }, test.db),
      ]);
      expect(results.map((r) => r.agencyId)).toEqual([DEMO_AGENCY_ID, DEMO_AGENCY_ID]);
      const totals = await test.db.query<{ tier: string }>('select tier from customer_segment_totals where agency_id = $1 order by tier', [
        DEMO_AGENCY_ID,
      ]);
      expect(totals.map((t) => t.tier)).toEqual(['elite', 'premium', 'standard', 'entry']);
      const summary = await (await call(summaryRoute, { path: '/api/analytics/segmentation', cookie: cookies.viewer })).json();
      expect(summary).toMatchObject(HAND_COMPUTED);
    });

    it('recomputes only recently changed customers in recent mode', async () => {
      await test.db.query(`update policies set updated_at = now() - interval '200 days' where agency_id = $1`, [DEMO_AGENCY_ID]);
      await test.db.query(`update policies set annual_premium = 20000, updated_at = now() where external_id = 'C6-0' and agency_id = $1`, [
        DEMO_AGENCY_ID,
      ]);
      const result = await refreshAgency(DEMO_AGENCY_ID, { mode: 'recent', asOf: FIXTURE_AS_OF }, test.db);
      expect(result.rows).toBe(1);
      const [c6] = await test.db.query<{ tier: string }>(
        `select i.tier from customer_insights i join customers c on c.id = i.customer_id where c.external_id = 'C6' and c.agency_id = $1`,
        [DEMO_AGENCY_ID],
      );
      expect(c6!.tier).toBe('elite');
    });
  });

  // The command-line job needs a database another process can reach: the server backend.
  if (testBackend() === 'postgres') {
    it('npm run insights:refresh refreshes one agency by slug and says so', () => {
      const run = spawnSync('npx', ['tsx', 'scripts/insights-refresh.mts', 'agency', 'demo-agency'], {
        encoding: 'utf8',
        env: { ...process.env, DATABASE_URL: test.url, LOG_LEVEL: 'silent' },
        timeout: 60_000,
      });
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`${DEMO_AGENCY_ID}: ok, \\d+ customer rows changed in \\d+ ms`));
      const wrong = spawnSync('npx', ['tsx', 'scripts/insights-refresh.mts', 'sideways'], {
        encoding: 'utf8',
        env: { ...process.env, DATABASE_URL: test.url },
      });
      expect(wrong.status).toBe(2);
      expect(wrong.stderr).toContain('Unknown mode "sideways". Use one of: full, recent, agency, daily.');
    });
  }
});
