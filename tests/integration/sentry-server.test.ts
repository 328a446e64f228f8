import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { POST as testErrorReport } from '@/app/api/ops/error-report/test/route';
import { GET as listCustomers } from '@/app/api/customers/route';
import { onRequestError } from '@/instrumentation';
import { toApiError } from '@/lib/api/error-mapper';
import { config } from '@/lib/config';
import { DatabaseUnavailableError } from '@/lib/db/errors';
import { DomainError } from '@/lib/domain-error';
import { noteErrorActor, reportError, startErrorReporting } from '@/lib/observability/error-reporting';
import { logger } from '@/lib/observability/logger';
import { createSeededDatabase, testBackend, type TestDatabase } from '../helpers/database';
import { DEMO_AGENCY_ID, resetRateLimits, UNKNOWN_ID, USERS, userIdOf } from '../helpers/fixtures';
import { call, problemOf, signIn } from '../helpers/http';
import { startSentryIngest, type SentryIngest } from '../helpers/sentry-ingest';

/**
 * The server's error reports, end to end in one process: the Node SDK started as the server
 * starts it (SENTRY_DSN set), real route handlers, and a real HTTP server standing in for
 * Sentry's ingest. What arrives is checked for what support needs and for what must never leave.
 */
const CUSTOMER_NAME = 'Janet Quillfeather';
const CUSTOMER_EMAIL = 'janet.quillfeather@example.com';
const API_TOKEN = 'sk_live_0123456789abcdefghijklmnop';
const agencyHash = createHash('sha256').update(DEMO_AGENCY_ID).digest('hex').slice(0, 16);
const search = `?search=${encodeURIComponent(CUSTOMER_NAME)}&email=${encodeURIComponent(CUSTOMER_EMAIL)}`;

/** Nothing a person typed or is, and no secret, in the envelope as it arrived. */
function expectNoPersonalData(raw: string, cookie: string) {
  for (const secret of [
    CUSTOMER_NAME,
    encodeURIComponent(CUSTOMER_NAME),
    CUSTOMER_EMAIL,
    encodeURIComponent(CUSTOMER_EMAIL),
    USERS.owner,
    DEMO_AGENCY_ID,
    cookie.split('=')[1]!,
    API_TOKEN,
    'search=',
  ]) {
    expect(raw, secret).not.toContain(secret);
  }
}

describe(`server error reports on ${testBackend()}`, () => {
  let test: TestDatabase;
  let ingest: SentryIngest;
  let owner: string;

  beforeAll(async () => {
    ingest = await startSentryIngest();
    vi.stubEnv('SENTRY_DSN', ingest.dsn);
    vi.stubEnv('SENTRY_ENVIRONMENT', 'integration');
    test = await createSeededDatabase();
    owner = await signIn(USERS.owner);
    await startErrorReporting();
  });
  beforeEach(() => resetRateLimits(test.db));
  afterAll(async () => {
    vi.unstubAllEnvs();
    await ingest.close();
    await test.drop();
  });

  const sendTestReport = (cookie: string, extra: { agencyId?: string } = {}) =>
    call(testErrorReport, {
      method: 'POST',
      path: `/api/ops/error-report/test${search}`,
      cookie: `${cookie}; theme=dark`,
      headers: { authorization: `Bearer ${API_TOKEN}`, 'user-agent': 'integration-test' },
      ...extra,
    });

  it('reports a use case that throws: a 500 with the request id, and one event with route, request id, agency hash and release', async () => {
    const response = await sendTestReport(owner);
    expect(response.status).toBe(500);
    const problem = await problemOf(response);
    const requestId = response.headers.get('x-request-id')!;
    expect(problem).toMatchObject({ type: '/problems/internal', requestId });

    const { event, envelope } = await ingest.waitForEvent((e) => e.tags?.request_id === requestId);
    expect(event.tags).toMatchObject({ route: '/api/ops/error-report/test', request_id: requestId, agency: agencyHash });
    expect(event.release).toBe(config().sentry!.release);
    expect(event.environment).toBe('integration');
    expect(event.user).toEqual({ id: userIdOf(USERS.owner) });
    expect(event.exception?.values?.[0]).toMatchObject({ type: 'RequestedTestError' });
    expect(event.request).toEqual({
      method: 'POST',
      url: 'http://localhost/api/ops/error-report/test',
      headers: { 'user-agent': 'integration-test' },
    });
    expect(envelope.requestHeaders['content-type']).toBe('application/x-sentry-envelope');
    expectNoPersonalData(envelope.raw, owner);
    expect(ingest.events().filter(({ event: e }) => e.tags?.request_id === requestId)).toHaveLength(1);
  });

  it('reports a real failure under a route (a broken statement) the same way, with the search left behind', async () => {
    await test.db.query('alter table public.customers rename column customer_since to since_moved');
    let requestId: string;
    try {
      const response = await call(listCustomers, { path: `/api/customers${search}`, cookie: owner });
      expect(response.status).toBe(500);
      requestId = response.headers.get('x-request-id')!;
    } finally {
      await test.db.query('alter table public.customers rename column since_moved to customer_since');
    }
    const { event, envelope } = await ingest.waitForEvent((e) => e.tags?.request_id === requestId);
    expect(event.tags).toMatchObject({ route: '/api/customers', agency: agencyHash });
    expect(event.exception?.values?.[0]?.value).toMatch(/customer_since|column/);
    expectNoPersonalData(envelope.raw, owner);
  });

  it('does not report refusals: no permission, an agency that is not yours, an unreachable database, a domain error', async () => {
    const agent = await signIn(USERS.agent);
    const refused = await sendTestReport(agent);
    expect(refused.status).toBe(403);
    const foreign = await sendTestReport(owner, { agencyId: UNKNOWN_ID });
    expect(foreign.status).toBe(404);
    const context = { requestId: 'not-reported-0001', route: '/api/test' };
    expect(toApiError(new DatabaseUnavailableError(new Error('ECONNREFUSED')), context).status).toBe(503);
    expect(toApiError(new DomainError('conflict', 'busy'), context).status).toBe(409);

    // Reports leave in order: once a later one has arrived, none of the refusals is on its way.
    const marker = await sendTestReport(owner);
    await ingest.waitForEvent((e) => e.tags?.request_id === marker.headers.get('x-request-id'));
    const refusedIds = [refused, foreign].map((r) => r.headers.get('x-request-id'));
    expect(ingest.events().filter(({ event }) => [...refusedIds, context.requestId].includes(event.tags?.request_id ?? ''))).toEqual([]);
  });

  it("reports a page that throws through Next's onRequestError, with the route pattern and who was acting", async () => {
    const error = new Error(`render failed for ${CUSTOMER_EMAIL}`);
    noteErrorActor(error, { agencyId: DEMO_AGENCY_ID, userId: userIdOf(USERS.owner) });
    await onRequestError(
      error,
      {
        path: `/analytics/segmentation/elite${search}`,
        method: 'GET',
        headers: { 'x-request-id': 'page-request-000123', cookie: owner, authorization: `Bearer ${API_TOKEN}` },
      },
      {
        routerKind: 'App Router',
        routePath: '/analytics/segmentation/[tier]',
        routeType: 'render',
        renderSource: 'react-server-components',
        revalidateReason: undefined,
      },
    );
    const { event, envelope } = await ingest.waitForEvent((e) => e.tags?.request_id === 'page-request-000123');
    expect(event.tags).toMatchObject({ route: '/analytics/segmentation/[tier]', agency: agencyHash });
    expect(event.user).toEqual({ id: userIdOf(USERS.owner) });
    expect(event.transaction).toBe('GET /analytics/segmentation/[tier]');
    expect(event.exception?.values?.[0]?.value).toBe('render failed for [email]');
    expect((event.contexts as { nextjs?: { request_path?: string } }).nextjs?.request_path).toBe('/analytics/segmentation/elite');
    expectNoPersonalData(envelope.raw, owner);
  });

  describe('with an ingest that does not answer', () => {
    /** Median latency of three test reports, in ms. */
    async function medianLatency(): Promise<number> {
      await resetRateLimits(test.db);
      const times: number[] = [];
      for (let i = 0; i < 3; i += 1) {
        const started = performance.now();
        expect((await sendTestReport(owner)).status).toBe(500);
        times.push(performance.now() - started);
      }
      return times.sort((a, b) => a - b)[1]!;
    }

    it('answers the user as fast as with a working one, and logs one warn line when the send gives up', async () => {
      const warn = vi.spyOn(logger, 'warn');
      let before = ingest.requests;
      const baseline = await medianLatency();
      // The working ingest has taken those three before it stops answering.
      await vi.waitFor(() => expect(ingest.requests - before).toBe(3));
      ingest.mode = 'hang';
      before = ingest.requests;
      const hanging = await medianLatency();
      // The reports did leave (and are still waiting) while the user already had the answer.
      await vi.waitFor(() => expect(ingest.requests - before).toBe(3));
      expect(ingest.pending).toBe(3);
      expect(hanging).toBeLessThan(baseline + 150);
      await vi.waitFor(
        () => expect(warn).toHaveBeenCalledWith({ reason: 'no answer within 3000 ms', undelivered: 1 }, 'error report not delivered'),
        { timeout: 6000, interval: 100 },
      );
      // Throttled: the other two failures of the same minute add no line of their own.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(warn.mock.calls.filter(([, message]) => message === 'error report not delivered')).toHaveLength(1);
      console.info(`test report latency: ${baseline.toFixed(1)} ms with a working ingest, ${hanging.toFixed(1)} ms with a hanging one`);
      warn.mockRestore();
    });

    it('keeps at most 30 reports in flight and drops the rest instead of queueing them without end', async () => {
      const before = ingest.requests;
      for (let i = 0; i < 45; i += 1) reportError(new Error(`burst ${i}`), { route: '/api/burst', requestId: `burst-${i}-0000` });
      await vi.waitFor(() => expect(ingest.requests - before).toBe(30), { timeout: 2500, interval: 50 });
      expect(ingest.pending).toBe(30);
      // Past the deadline the 30 give up; the 15 that found the queue full were dropped, not kept for later.
      await new Promise((resolve) => setTimeout(resolve, 3500));
      expect(ingest.pending).toBe(0);
      expect(ingest.requests - before).toBe(30);
    });
  });
});
