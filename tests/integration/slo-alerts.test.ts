import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as summaryRoute } from '@/app/api/analytics/segmentation/route';
import { GET as customerRoute } from '@/app/api/customers/[customerId]/route';
import { ServiceObjectivesPanel } from '@/components/help/ServiceObjectivesPanel';
import { installDatabase, type Database } from '@/lib/db';
import { createPgliteDatabase } from '@/lib/db/pglite';
import { createPostgresDatabase } from '@/lib/db/postgres';
import { metricsExposition } from '@/lib/observability/metrics';
import { createAlertWebhook } from '@/lib/observability/slo/alert-webhook';
import { createSloEvaluator, type SloEvaluator } from '@/lib/observability/slo/evaluator';
import { startSloEvaluation, stopSloEvaluation } from '@/lib/observability/slo/process';
import type { SloId } from '@/lib/observability/slo/table';
import { runDailyRefresh } from '@/lib/segmentation/daily-refresh';
import { todayIso } from '@/lib/segmentation';
import { createSeededDatabase, testBackend, type TestDatabase } from '../helpers/database';
import { DEMO_AGENCY_ID, resetRateLimits, SECOND_AGENCY_ID, UNKNOWN_ID, USERS } from '../helpers/fixtures';
import { call, signIn } from '../helpers/http';
import { parseExposition, sampleValue } from '../helpers/prometheus';
import {
  capturedLogger,
  closedPort,
  closedWebhookUrl,
  startWebhookReceiver,
  waitFor,
  WEBHOOK_SECRET_PATH,
} from '../helpers/webhook-receiver';

/**
 * The SLOs judged from real requests through the real route handlers (errors and latency induced
 * in the database, not in the evaluator) and from the real refresh records, with their alerts
 * posted to a Slack-style receiver on 127.0.0.1: one message per breach and one per recovery,
 * none while the state holds, and a receiver that hangs or refuses costs the requests nothing.
 * The evaluator's clock is the test's, so a window passes without waiting for it.
 */
const MINUTE = 60_000;
const WEBHOOK_TIMEOUT_MS = 4_000;
const NAMES: Record<SloId, string> = {
  availability: 'Availability',
  'summary-latency': 'Summary p95',
  'error-rate': 'Error rate',
  'data-freshness': 'Data freshness',
};

describe(`SLOs and their alerts on ${testBackend()}`, () => {
  let test: TestDatabase;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let evaluator: SloEvaluator;
  const log = capturedLogger();
  let now = Date.now();
  const cookies: string[] = [];
  let turn = 0;

  /** Messages the receiver got about one SLO (the headline names it), in order. */
  const alertsAbout = (slo: SloId) => receiver.received.filter(({ body }) => body.text.includes(`: ${NAMES[slo]} `));
  const stateOf = (slo: SloId) => evaluator.status().find((status) => status.slo.id === slo)!;
  /** Judges now and waits until every alert it sent has been delivered (or given up on). */
  const evaluate = async () => {
    await evaluator.evaluate();
    await evaluator.idle();
  };
  const cookie = () => cookies[turn++ % cookies.length];
  /** `count` dashboard summaries, in parallel when asked; their statuses and durations as the client saw them. */
  async function summaries(count: number, options: { parallel?: boolean } = {}) {
    // Four users share the reads (120 a minute each); the parallel burst runs behind a lock the reset would wait for.
    if (!options.parallel) await resetRateLimits(test.db).catch(() => undefined);
    const one = async () => {
      const startedAt = performance.now();
      const response = await call(summaryRoute, { path: '/api/analytics/segmentation', cookie: cookie() });
      await response.arrayBuffer();
      return { status: response.status, ms: performance.now() - startedAt };
    };
    if (options.parallel) return Promise.all(Array.from({ length: count }, one));
    const results = [];
    for (let i = 0; i < count; i += 1) results.push(await one());
    return results;
  }
  /** A database that does not answer: the embedded one closed, or a server port nobody listens on. */
  async function downDatabase(): Promise<Database> {
    if (testBackend() === 'pglite') {
      const closed = await createPgliteDatabase();
      await closed.close();
      return closed;
    }
    return createPostgresDatabase(`postgres://postgres@127.0.0.1:${await closedPort()}/postgres`, { connectionTimeoutMillis: 500 });
  }
  async function whileDatabaseDown<T>(work: () => Promise<T>): Promise<T> {
    const down = await downDatabase();
    installDatabase(down);
    try {
      return await work();
    } finally {
      installDatabase(test.db);
      if (testBackend() === 'postgres') await down.close().catch(() => undefined);
    }
  }
  /** Holds an exclusive lock on the summary's table for `ms` (PGlite: the whole database, its one connection). */
  const lockSummaryTable = (ms: number) =>
    test.db.transaction(async (tx) => {
      await tx.query('lock table public.agency_insight_summaries in access exclusive mode');
      await new Promise((resolve) => setTimeout(resolve, ms));
    });

  beforeAll(async () => {
    test = await createSeededDatabase({ customers: 20 });
    for (const email of [USERS.owner, USERS.admin, USERS.agent, USERS.viewer]) cookies.push(await signIn(email));
    receiver = await startWebhookReceiver();
    evaluator = startSloEvaluation({
      webhookUrl: receiver.url,
      version: '9.9.9-test',
      commit: 'abc123def456',
      logger: log.logger,
      clock: () => now,
      webhookTimeoutMs: WEBHOOK_TIMEOUT_MS,
      intervalMs: null,
    });
  });
  afterAll(async () => {
    stopSloEvaluation();
    await receiver.close();
    await test.drop();
  });

  it('judges healthy traffic ok, the caller’s 4xx included, and posts nothing', async () => {
    expect((await summaries(100)).every(({ status }) => status === 200)).toBe(true);
    for (let i = 0; i < 5; i += 1) {
      const response = await call(customerRoute, {
        path: `/api/customers/${UNKNOWN_ID}`,
        params: { customerId: UNKNOWN_ID },
        cookie: cookie(),
      });
      expect(response.status).toBe(404);
    }
    await evaluate();
    expect(evaluator.status().map(({ slo, state }) => [slo.id, state])).toEqual([
      ['availability', 'ok'],
      ['summary-latency', 'ok'],
      ['error-rate', 'ok'],
      ['data-freshness', 'ok'],
    ]);
    expect(stateOf('availability')).toMatchObject({ value: 100, basis: '0 of 105 requests failed' });
    expect(receiver.received).toEqual([]);
  });

  it('tells a data-freshness breach from the refresh records once, names the stale agency and why, and its recovery once', async () => {
    const day = todayIso();
    await evaluate();
    expect(stateOf('data-freshness')).toMatchObject({ state: 'ok', basis: '0 of 1 agency with customers older than 26 h' });
    /** The figures as if computed `hours` before the evaluator's clock. */
    const age = (hours: number, agencyId?: string) =>
      test.db.query(
        `update agency_insight_summaries set computed_at = $3::timestamptz - make_interval(hours => $1)
         where $2::uuid is null or agency_id = $2`,
        [hours, agencyId ?? null, new Date(now)],
      );
    // Rules no refresh can apply (as an older version or a bad restore might leave them), then the defaults again.
    const setRules = (broken: boolean) =>
      broken
        ? test.db.query(
            `insert into segmentation_settings (agency_id, rules, version) values ($1, '{"elite": "everyone"}', 7)
             on conflict (agency_id) do update set rules = excluded.rules, version = excluded.version`,
            [DEMO_AGENCY_ID],
          )
        : test.db.query('delete from segmentation_settings where agency_id = $1', [DEMO_AGENCY_ID]);

    // A day without a refresh for everyone, then the daily refresh: Demo Agency's fails. Second Agency has no customers
    // (its dashboard shows the illustrative book, never stale): it is not judged, however old its figures.
    await age(30);
    await setRules(true);
    const report = await runDailyRefresh({ day, runner: 'slo-test' });
    expect(report.failed.map(({ agencyId }) => agencyId)).toEqual([DEMO_AGENCY_ID]);
    await age(30, SECOND_AGENCY_ID);
    await evaluate();
    await evaluate();
    expect(alertsAbout('data-freshness')).toHaveLength(1);
    const breach = alertsAbout('data-freshness')[0]!.body.text;
    expect(breach).toMatch(
      /^⚠️ WARNING: Data freshness 30 h\. Objective under 26 h; warning above 26 h\. 1 of 1 agency with customers older than 26 h: demo-agency 30 h \(its last refresh failed\)\./,
    );
    expect(breach).not.toContain('second-agency');
    expect(stateOf('data-freshness')).toMatchObject({ state: 'warning', value: expect.closeTo(30, 1) });

    await age(51, DEMO_AGENCY_ID);
    await evaluate();
    expect(alertsAbout('data-freshness')).toHaveLength(2);
    expect(alertsAbout('data-freshness')[1]!.body.text).toMatch(
      /^🔴 CRITICAL: Data freshness 51 h\. Objective under 26 h; critical above 50 h\. 1 of 1 agency with customers older than 26 h: demo-agency 51 h \(its last refresh failed\)\./,
    );

    await setRules(false);
    expect((await runDailyRefresh({ day, runner: 'slo-test' })).refreshed.map(({ agencyId }) => agencyId)).toEqual([DEMO_AGENCY_ID]);
    await evaluate();
    await evaluate();
    expect(alertsAbout('data-freshness')).toHaveLength(3);
    expect(alertsAbout('data-freshness')[2]!.body.text).toMatch(
      /^✅ RECOVERED: Data freshness \d+ h\. Back within its objective \(under 26 h\) after \d+ min at critical\. 0 of 1 agency/,
    );
    // No message carries a person: no email, no customer; agencies by slug only.
    expect(receiver.received.map(({ body }) => JSON.stringify(body)).filter((body) => /@|Demo Agency|Second Agency/.test(body))).toEqual(
      [],
    );
  });

  it('posts one message per SLO on a breach of 500s and 503s, nothing while it lasts, and one on each recovery', async () => {
    const before = receiver.received.length;
    const requestSlos = (line: Record<string, unknown>) => line.slo === 'availability' || line.slo === 'error-rate';
    // A 500: the summary's table is gone (what a bad migration does). A 503: the database is down.
    await test.db.query('alter table public.customer_segment_totals rename to customer_segment_totals_gone');
    const broken = await summaries(3).finally(() =>
      test.db.query('alter table public.customer_segment_totals_gone rename to customer_segment_totals'),
    );
    const down = await whileDatabaseDown(() => summaries(3));
    expect([...broken, ...down].map(({ status }) => status)).toEqual([500, 500, 500, 503, 503, 503]);

    await evaluate();
    expect(receiver.received.length - before).toBe(2);
    const [availability] = alertsAbout('availability');
    const [errorRate] = alertsAbout('error-rate');
    expect(availability!.body.text).toMatch(
      /^🔴 CRITICAL: Availability 94\.6%\. Objective at least 99\.9%; critical below 99%\. 6 of 111 requests failed\./,
    );
    expect(errorRate!.body.text).toMatch(
      /^🔴 CRITICAL: Error rate 5\.4%\. Objective under 0\.1%; critical above 5%\. 6 of 111 requests failed\./,
    );
    expect(errorRate!.body.text).toContain('the last 5 minutes of requests');
    expect(errorRate!.body.text).toContain('customer-segmentation 9.9.9-test abc123def456');
    expect(errorRate!.body.blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: expect.stringMatching(/^\*🔴 CRITICAL: Error rate 5\.4%\*\n/) } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: expect.stringContaining('warning above 1%, critical above 5%') }] },
    ]);
    expect(receiver.received.slice(before).map(({ path, contentType }) => [path, contentType])).toEqual([
      [WEBHOOK_SECRET_PATH, 'application/json'],
      [WEBHOOK_SECRET_PATH, 'application/json'],
    ]);
    expect(
      log
        .withMessage('SLO breached')
        .filter(requestSlos)
        .map((line) => [line.level, line.slo, line.to]),
    ).toEqual([
      [40, 'availability', 'critical'],
      [40, 'error-rate', 'critical'],
    ]);
    // The same state, judged again and again, is not news.
    for (let i = 0; i < 3; i += 1) {
      now += 30_000;
      await evaluate();
    }
    expect(receiver.received.length - before).toBe(2);
    const scrape = parseExposition((await metricsExposition()).text);
    expect(sampleValue(scrape, 'slo_state', { slo: 'error-rate', state: 'critical' })).toBe(1);
    expect(sampleValue(scrape, 'slo_state', { slo: 'error-rate', state: 'ok' })).toBe(0);
    expect(sampleValue(scrape, 'slo_state', { slo: 'data-freshness', state: 'ok' })).toBe(1);

    // Five minutes on, the errors have left the short window: the error rate recovers, once.
    now += 5 * MINUTE;
    await summaries(20);
    await evaluate();
    await evaluate();
    expect(alertsAbout('error-rate')).toHaveLength(2);
    expect(alertsAbout('error-rate')[1]!.body.text).toMatch(
      /^✅ RECOVERED: Error rate 0%\. Back within its objective \(under 0\.1%\) after \d+ min at critical\. 0 of 20 requests failed\./,
    );
    // Availability is judged over the hour, which still holds them.
    expect(stateOf('availability')).toMatchObject({ state: 'critical', basis: '6 of 131 requests failed' });
    expect(alertsAbout('availability')).toHaveLength(1);

    // An hour on, with enough requests to judge, availability recovers too, once.
    now += 61 * MINUTE;
    await summaries(100);
    await evaluate();
    await evaluate();
    expect(alertsAbout('availability')).toHaveLength(2);
    expect(alertsAbout('availability')[1]!.body.text).toMatch(/^✅ RECOVERED: Availability 100%\. .* 0 of 100 requests failed\./);
    expect(receiver.received.length - before).toBe(4);
    expect(
      log
        .withMessage('SLO recovered')
        .filter(requestSlos)
        .map((line) => line.slo),
    ).toEqual(['error-rate', 'availability']);
  });

  it('posts one message when the summary’s p95 goes over a second under real database latency, and one when it is back', async () => {
    now += 10 * MINUTE;
    await summaries(20);
    await evaluate();
    expect(stateOf('summary-latency').state).toBe('ok');
    const before = receiver.received.length;

    await resetRateLimits(test.db);
    const lock = lockSummaryTable(1_200);
    const slow = await summaries(20, { parallel: true });
    await lock;
    expect(slow.every(({ status, ms }) => status === 200 && ms >= 1_000)).toBe(true);
    await evaluate();
    await evaluate();
    expect(receiver.received.length - before).toBe(1);
    const [breach] = alertsAbout('summary-latency');
    expect(breach!.body.text).toMatch(
      /^🔴 CRITICAL: Summary p95 \d{4,5} ms\. Objective under 500 ms; critical above 1000 ms\. p95 of 40 successful summaries\./,
    );
    expect(breach!.body.text).toContain('First look: the summary’s `Server-Timing`');

    now += 6 * MINUTE;
    await summaries(20);
    await evaluate();
    expect(alertsAbout('summary-latency')[1]!.body.text).toMatch(/^✅ RECOVERED: Summary p95 \d{1,3} ms\./);
    expect(receiver.received.length - before).toBe(2);
  });

  it('answers requests at their usual speed while the webhook hangs or refuses, and logs each failure without the secret path', async () => {
    now += 61 * MINUTE;
    receiver.hangFromNowOn();
    const before = receiver.received.length;
    // A second evaluator of the same requests, whose webhook nothing listens on.
    const refusing = createSloEvaluator({
      logger: log.logger,
      webhook: createAlertWebhook({ url: await closedWebhookUrl(), logger: log.logger }),
      source: { service: 'customer-segmentation', version: 'test', commit: null, replica: 'second' },
      clock: () => now,
    });
    const unlisten = refusing.listen();
    await summaries(100);
    await whileDatabaseDown(() => summaries(5));
    await Promise.all([evaluator.evaluate(), refusing.evaluate()]);
    // Two alerts (availability critical, error rate warning) are on their way to a receiver that never answers.
    await waitFor(() => receiver.received.length === before + 1, 2_000, 'the first alert to reach the hanging receiver');

    const during = await summaries(20);
    expect(during.every(({ status }) => status === 200)).toBe(true);
    expect(Math.max(...during.map(({ ms }) => ms))).toBeLessThan(WEBHOOK_TIMEOUT_MS / 2);
    // All twenty were answered while the first POST was still hanging: nothing waited for it.
    expect(log.withMessage('alert webhook delivery failed').filter((line) => line.reason !== 'ECONNREFUSED')).toEqual([]);

    await evaluator.idle();
    await refusing.idle();
    unlisten();
    const failures = log.withMessage('alert webhook delivery failed');
    const origin = new URL(receiver.url).origin;
    expect(failures.filter((line) => line.webhook === origin).map((line) => [line.level, line.slo, line.to, line.reason])).toEqual([
      [40, 'availability', 'critical', `no answer within ${WEBHOOK_TIMEOUT_MS} ms`],
      [40, 'error-rate', 'warning', `no answer within ${WEBHOOK_TIMEOUT_MS} ms`],
    ]);
    expect(receiver.received.slice(before).map(({ body }) => body.text)).toEqual([
      expect.stringMatching(
        /^🔴 CRITICAL: Availability 95\.2%\. Objective at least 99\.9%; critical below 99%\. 5 of 105 requests failed\./,
      ),
      expect.stringMatching(/^⚠️ WARNING: Error rate 4\.8%\. Objective under 0\.1%; warning above 1%\. 5 of 105 requests failed\./),
    ]);
    expect(failures.filter((line) => line.reason === 'ECONNREFUSED').map((line) => line.slo)).toEqual(['availability', 'error-rate']);
    expect(log.raw.join('\n')).not.toContain(WEBHOOK_SECRET_PATH.split('/').at(-1));
    receiver.hangFromNowOn(false);
  });

  it('shows each SLO’s state, value, thresholds and since when to owners and admins on the troubleshooting page, and nothing to others', () => {
    for (const role of ['owner', 'admin'] as const) {
      const html = renderToStaticMarkup(createElement(ServiceObjectivesPanel, { role }));
      expect(html).toContain('Service objectives');
      for (const name of Object.values(NAMES)) expect(html).toContain(`<h3 class="font-semibold">${name}</h3>`);
      expect(html).toMatch(
        /data-testid="slo-availability".*?data-testid="slo-state">Critical<.*?data-testid="slo-value"><span class="font-medium">95\.2%<\/span> \(5 of 105 requests failed\)/,
      );
      expect(html).toMatch(/data-testid="slo-data-freshness".*?data-testid="slo-state">OK<.*?<dd>above 50 h<\/dd>/);
      expect(html).toContain('<dd>at least 99.9%</dd>');
      expect(html).toMatch(/data-testid="slo-since">\w+ \d+, \d{4}, \d\d:\d\d UTC</);
    }
    for (const role of ['agent', 'viewer'] as const) expect(renderToStaticMarkup(createElement(ServiceObjectivesPanel, { role }))).toBe('');
  });
});
