import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { GET as metricsRoute } from '@/app/api/metrics/route';
import { GET as customerRoute } from '@/app/api/customers/[customerId]/route';
import { GET as summaryRoute } from '@/app/api/analytics/segmentation/route';
import { GET as tierCustomersRoute } from '@/app/api/analytics/segmentation/customers/route';
import { POST as refreshRoute } from '@/app/api/analytics/segmentation/refresh/route';
import { createLogger, logger } from '@/lib/observability/logger';
import { onRequestRecorded, type RequestRecord } from '@/lib/observability/metrics';
import { createSeededDatabase, testBackend, type TestDatabase } from '../helpers/database';
import { DEMO_AGENCY_ID, resetRateLimits, UNKNOWN_ID, USERS, userIdOf } from '../helpers/fixtures';
import { buildRequest, call, problemOf, signIn } from '../helpers/http';
import { parseExposition, sampleValue, type Sample } from '../helpers/prometheus';
import { createRouteFixtures, ROUTES, type FixtureIds } from '../helpers/routes';

/**
 * GET /api/metrics and what feeds it: every API response recorded once (route pattern, method,
 * status, duration), Server-Timing, the request log line, and the job and limit counters.
 */
const TOKEN = 'metrics-token-for-tests-0123456789';

async function scrape(): Promise<Sample[]> {
  const response = await call(metricsRoute, { path: '/api/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseExposition(await response.text());
}

/** `name{labels}` after minus before. */
const delta = (before: Sample[], after: Sample[], name: string, labels: Record<string, string>) =>
  sampleValue(after, name, labels) - sampleValue(before, name, labels);

function serverTiming(response: Response): Record<string, number> {
  const header = response.headers.get('server-timing') ?? '';
  return Object.fromEntries([...header.matchAll(/(\w+);[^,]*?dur=([\d.]+)/g)].map(([, name, dur]) => [name!, Number(dur)]));
}

describe(`metrics on ${testBackend()}`, () => {
  let test: TestDatabase;
  let ids: FixtureIds;
  let owner: string;

  beforeAll(async () => {
    vi.stubEnv('METRICS_TOKEN', TOKEN);
    test = await createSeededDatabase();
    ids = await createRouteFixtures(test.db);
    owner = await signIn(USERS.owner);
  });
  beforeEach(() => resetRateLimits(test.db));
  afterAll(async () => {
    vi.unstubAllEnvs();
    await test.drop();
  });

  it('refuses a scrape without the token, or with a wrong one, as 401 problem+json', async () => {
    for (const authorization of [undefined, 'Bearer wrong-token-0123456789', `Bearer ${TOKEN}x`, TOKEN, `Basic ${TOKEN}`]) {
      const response = await call(metricsRoute, { path: '/api/metrics', headers: authorization ? { authorization } : {} });
      expect(response.status, authorization).toBe(401);
      expect(await problemOf(response)).toMatchObject({ status: 401, detail: 'Send Authorization: Bearer <METRICS_TOKEN>.' });
    }
  });

  it('shows exactly the requests made since the last scrape: counts and buckets by route pattern, method and status', async () => {
    const records: RequestRecord[] = [];
    const unsubscribe = onRequestRecorded((record) => records.push(record));
    const before = await scrape();
    const customer = (customerId: string) =>
      call(customerRoute, { path: `/api/customers/${customerId}`, params: { customerId }, cookie: owner, agencyId: DEMO_AGENCY_ID });
    for (let i = 0; i < 3; i += 1) expect((await customer(ids.demoCustomerId)).status).toBe(200);
    for (let i = 0; i < 2; i += 1) expect((await customer(UNKNOWN_ID)).status).toBe(404);
    // As Next calls a route without dynamic segments: a context without params.
    const unsignedSummary = () => summaryRoute(buildRequest({ path: '/api/analytics/segmentation' }), { params: undefined } as never);
    for (let i = 0; i < 4; i += 1) expect((await unsignedSummary()).status).toBe(401);
    unsubscribe();
    const after = await scrape();

    const groups = [
      { route: '/api/customers/[customerId]', method: 'GET', status: '200', calls: 3 },
      { route: '/api/customers/[customerId]', method: 'GET', status: '404', calls: 2 },
      { route: '/api/analytics/segmentation', method: 'GET', status: '401', calls: 4 },
      // The first scrape is recorded once it has answered; the second one's own answer cannot count itself.
      { route: '/api/metrics', method: 'GET', status: '200', calls: 1 },
    ];
    for (const { calls, ...labels } of groups) {
      const durations = records
        .filter((r) => r.route === labels.route && r.method === labels.method && String(r.status) === labels.status)
        .map((r) => r.durationMs / 1000);
      expect(durations, JSON.stringify(labels)).toHaveLength(calls);
      expect(delta(before, after, 'http_request_duration_seconds_count', labels), JSON.stringify(labels)).toBe(calls);
      expect(delta(before, after, 'http_request_duration_seconds_sum', labels)).toBeCloseTo(
        durations.reduce((a, b) => a + b, 0),
        6,
      );
      const buckets = after.filter((s) => s.name === 'http_request_duration_seconds_bucket' && s.labels.route === labels.route);
      expect(buckets.length).toBeGreaterThan(10);
      for (const bucket of buckets.filter((s) => s.labels.status === labels.status)) {
        const le = bucket.labels.le === '+Inf' ? Infinity : Number(bucket.labels.le);
        expect(delta(before, after, 'http_request_duration_seconds_bucket', { ...labels, le: bucket.labels.le! }), `le=${le}`).toBe(
          durations.filter((seconds) => seconds <= le).length,
        );
      }
    }
    // Nothing else was served meanwhile.
    const total = (samples: Sample[]) =>
      samples.filter((s) => s.name === 'http_request_duration_seconds_count').reduce((sum, s) => sum + s.value, 0);
    expect(total(after) - total(before)).toBe(3 + 2 + 4 + 1);
  });

  it('never labels a series with an id, an email or a search term', async () => {
    const search = 'Zebulon';
    await call(tierCustomersRoute, { path: `/api/analytics/segmentation/customers?tier=elite&search=${search}`, cookie: owner });
    await call(tierCustomersRoute, {
      path: `/api/analytics/segmentation/customers?tier=elite&search=${encodeURIComponent(USERS.owner)}`,
      cookie: owner,
    });
    await call(customerRoute, { path: `/api/customers/${ids.demoCustomerId}`, params: { customerId: ids.demoCustomerId }, cookie: owner });
    const text = parseExposition(
      await (await call(metricsRoute, { path: '/api/metrics', headers: { authorization: `Bearer ${TOKEN}` } })).text(),
    );
    const labelValues = text.flatMap((sample) => Object.values(sample.labels));
    expect(labelValues).toContain('/api/analytics/segmentation/customers');
    for (const secret of [ids.demoCustomerId, DEMO_AGENCY_ID, userIdOf(USERS.owner), USERS.owner, search, 'search']) {
      expect(labelValues.filter((value) => value.includes(secret))).toEqual([]);
    }
  });

  it('puts Server-Timing on API responses: database time of a route that queries, and the total', async () => {
    const summary = await call(summaryRoute, { path: '/api/analytics/segmentation', cookie: owner });
    expect(summary.status).toBe(200);
    const timing = serverTiming(summary);
    expect(timing.db).toBeGreaterThan(0);
    expect(timing.handler).toBeGreaterThanOrEqual(timing.db!);
    // A refusal before any statement (no session) and the scrape itself spend no database time.
    expect(serverTiming(await call(summaryRoute, { path: '/api/analytics/segmentation' }))).toMatchObject({ db: 0 });
    const scraped = await call(metricsRoute, { path: '/api/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(serverTiming(scraped).db).toBe(0);
    expect(serverTiming(scraped).handler).toBeGreaterThan(0);
  });

  it('logs one JSON line per request with route, status, duration and ids, without the query or any email', async () => {
    let output = '';
    const sink = new Writable({
      write(chunk, _encoding, done) {
        output += chunk.toString();
        done();
      },
    });
    process.env.LOG_LEVEL = 'info';
    const capture = createLogger(sink);
    delete process.env.LOG_LEVEL;
    const info = vi
      .spyOn(logger, 'info')
      .mockImplementation(((...args: Parameters<typeof capture.info>) => capture.info(...args)) as never);
    try {
      const search = 'Zebulon';
      const response = await call(tierCustomersRoute, {
        path: `/api/analytics/segmentation/customers?tier=elite&search=${encodeURIComponent(USERS.agent)}&q=${search}`,
        cookie: owner,
      });
      expect(response.status).toBe(200);
      const lines = output
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({
        level: 30,
        msg: 'api request',
        route: '/api/analytics/segmentation/customers',
        method: 'GET',
        status: 200,
        requestId: response.headers.get('x-request-id'),
        agencyId: DEMO_AGENCY_ID,
        userId: userIdOf(USERS.owner),
      });
      expect(lines[0]!.durationMs).toEqual(expect.any(Number));
      expect(lines[0]!.dbMs).toEqual(expect.any(Number));
      expect(output).not.toContain('@');
      expect(output).not.toContain(search);
      expect(output).not.toContain('search');
    } finally {
      info.mockRestore();
    }
  });

  it('counts refreshes and imports by outcome with their rows, and rate-limit rejections by family', async () => {
    const [{ lastLog } = { lastLog: 0 }] = await test.db.query<{ lastLog: number }>(
      `select coalesce(max(id), 0)::int as "lastLog" from application_logs`,
    );
    const before = await scrape();
    const refreshed = await call(refreshRoute, { method: 'POST', path: '/api/analytics/segmentation/refresh', cookie: owner });
    expect(refreshed.status).toBe(200);

    const upload = ROUTES.find((route) => route.name === 'POST /api/customers/import')!;
    const uploaded = await call(upload.handler, { ...upload.valid(ids), cookie: owner, agencyId: DEMO_AGENCY_ID });
    expect(uploaded.status).toBe(201);
    const { job } = (await uploaded.json()) as { job: { id: string; rowsValid: number; rowsInvalid: number } };
    const empty = await call(upload.handler, { ...upload.valid(ids), rawBody: '', cookie: owner, agencyId: DEMO_AGENCY_ID });
    expect(empty.status).toBe(422);
    const commit = ROUTES.find((route) => route.name === 'POST /api/customers/import/:jobId/commit')!;
    const committed = await call(commit.handler, {
      method: 'POST',
      path: `/api/customers/import/${job.id}/commit`,
      params: { jobId: job.id },
      cookie: owner,
      agencyId: DEMO_AGENCY_ID,
    });
    expect(committed.status).toBe(200);
    const again = await call(commit.handler, {
      method: 'POST',
      path: `/api/customers/import/${job.id}/commit`,
      params: { jobId: job.id },
      cookie: owner,
      agencyId: DEMO_AGENCY_ID,
    });
    expect(again.status).toBe(409);

    await test.db.query(`insert into private.rate_limit_buckets (key, window_started_at, hits) values ($1, now(), 120)`, [
      `read:${userIdOf(USERS.owner)}`,
    ]);
    expect((await call(summaryRoute, { path: '/api/analytics/segmentation', cookie: owner })).status).toBe(429);
    const after = await scrape();

    const count = (name: string, labels: Record<string, string>) => delta(before, after, name, labels);
    // The API refresh, then the commit's own refresh of the agency, as application_logs records them.
    const refreshLogs = await test.db.query<{ rows: number }>(
      `select (details->>'rows')::int as rows from application_logs where job = 'insights-refresh' and status = 'ok' and id > $1`,
      [lastLog],
    );
    expect(refreshLogs).toHaveLength(2);
    expect(count('insights_refresh_duration_seconds_count', { mode: 'agency', outcome: 'ok' })).toBe(2);
    expect(count('insights_refresh_duration_seconds_count', { mode: 'agency', outcome: 'error' })).toBe(0);
    const rows = refreshLogs.reduce((sum, log) => sum + log.rows, 0);
    expect(rows).toBeGreaterThan(0);
    expect(count('insights_refresh_rows_total', { mode: 'agency' })).toBe(rows);
    expect(count('import_duration_seconds_count', { phase: 'validate', outcome: 'ok' })).toBe(1);
    expect(count('import_duration_seconds_count', { phase: 'validate', outcome: 'rejected' })).toBe(1);
    expect(count('import_rows_total', { phase: 'validate', result: 'valid' })).toBe(job.rowsValid);
    expect(count('import_rows_total', { phase: 'validate', result: 'invalid' })).toBe(job.rowsInvalid);
    expect(count('import_duration_seconds_count', { phase: 'commit', outcome: 'ok' })).toBe(1);
    expect(count('import_duration_seconds_count', { phase: 'commit', outcome: 'rejected' })).toBe(1);
    expect(count('import_rows_total', { phase: 'commit', result: 'imported' })).toBe(job.rowsValid);
    expect(count('rate_limit_rejections_total', { family: 'read' })).toBe(1);
    expect(count('rate_limit_rejections_total', { family: 'refresh' })).toBe(0);
  });

  it('shows the database pool, event-loop lag and process memory', async () => {
    const samples = await scrape();
    const backend = testBackend();
    const total = sampleValue(samples, 'db_pool_connections', { backend });
    if (backend === 'pglite') expect(total).toBe(1);
    else expect(total).toBeGreaterThanOrEqual(1);
    expect(sampleValue(samples, 'db_pool_waiting_clients', { backend })).toBe(0);
    expect(sampleValue(samples, 'db_pool_idle_connections', { backend })).toBeLessThanOrEqual(total);
    expect(samples.some((s) => s.name === 'nodejs_eventloop_lag_seconds')).toBe(true);
    expect(sampleValue(samples, 'process_resident_memory_bytes')).toBeGreaterThan(1_000_000);
  });
});
