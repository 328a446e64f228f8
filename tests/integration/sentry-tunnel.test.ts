import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { POST as tunnel } from '@/app/api/monitoring/route';
import { RATE_LIMITS } from '@/lib/api/rate-limits';
import { logger } from '@/lib/observability/logger';
import { createSeededDatabase, testBackend, type TestDatabase } from '../helpers/database';
import { resetRateLimits } from '../helpers/fixtures';
import { call, problemOf } from '../helpers/http';
import { startSentryIngest, type SentryIngest } from '../helpers/sentry-ingest';

/**
 * POST /api/monitoring, the browser's way to the error tracker: what it forwards (scrubbed
 * again, whatever the page sent), what it refuses (anything not addressed to our DSN, too large,
 * not an envelope, from another site, too often), and that a tracker that does not answer costs
 * the browser at most the deadline.
 */
const NAME = 'Janet Quillfeather';
const EMAIL = 'janet.quillfeather@example.com';

function envelope(dsn: string, items: [Record<string, unknown>, unknown][]): string {
  const header = {
    event_id: '0123456789abcdef0123456789abcdef',
    sent_at: new Date().toISOString(),
    dsn,
    trace: { transaction: `/x?q=${NAME}` },
  };
  return [JSON.stringify(header), ...items.flatMap(([item, payload]) => [JSON.stringify(item), JSON.stringify(payload)])].join('\n');
}

/** What an unscrubbed browser event could carry: an old page, or someone posting by hand. */
const dirtyEvent = {
  event_id: '0123456789abcdef0123456789abcdef',
  platform: 'javascript',
  message: `no policy for ${EMAIL}`,
  exception: { values: [{ type: 'TypeError', value: `cannot render ${NAME}` }] },
  request: {
    url: `http://localhost/customers?search=${encodeURIComponent(NAME)}`,
    headers: { Referer: `http://localhost/?q=${NAME}`, 'User-Agent': 'Chromium' },
  },
  user: { id: 'user-1', email: EMAIL, ip_address: '203.0.113.9' },
  breadcrumbs: [
    { category: 'ui.click', message: `button[aria-label="Call ${NAME}"]` },
    { category: 'navigation', data: { from: '/', to: `/customers?search=${encodeURIComponent(NAME)}` } },
  ],
  tags: { route: '/customers', request_id: 'page-request-0001', agency: '0123456789abcdef' },
};

let ipCounter = 0;
const post = (body: string, headers: Record<string, string> = {}) =>
  call(tunnel, {
    method: 'POST',
    path: '/api/monitoring',
    rawBody: body,
    headers: {
      'content-type': 'text/plain;charset=UTF-8',
      origin: 'http://localhost',
      'sec-fetch-site': 'same-origin',
      'x-forwarded-for': `192.0.2.${(ipCounter = (ipCounter % 200) + 1)}`,
      ...headers,
    },
  });

describe(`the error report tunnel on ${testBackend()}`, () => {
  let test: TestDatabase;
  let ingest: SentryIngest;

  beforeAll(async () => {
    ingest = await startSentryIngest();
    vi.stubEnv('SENTRY_DSN', ingest.dsn);
    test = await createSeededDatabase();
  });
  beforeEach(async () => {
    ingest.mode = 'ok';
    await resetRateLimits(test.db);
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await ingest.close();
    await test.drop();
  });

  it('forwards an error event to the DSN, scrubbed again, and nothing else of the envelope', async () => {
    const before = ingest.envelopes.length;
    const response = await post(
      envelope(ingest.dsn, [
        [{ type: 'event' }, dirtyEvent],
        [{ type: 'session' }, { sid: 's1', did: EMAIL, status: 'ok', attrs: { ip_address: '203.0.113.9' } }],
        [{ type: 'replay_event' }, { urls: [`/customers?search=${NAME}`] }],
      ]),
    );
    expect(response.status).toBe(204);
    expect(ingest.envelopes).toHaveLength(before + 1);
    const forwarded = ingest.envelopes.at(-1)!;
    expect(forwarded.items.map((item) => item.type)).toEqual(['event']);
    expect(forwarded.header).toEqual({
      event_id: '0123456789abcdef0123456789abcdef',
      sent_at: expect.any(String),
      dsn: ingest.dsn,
    });
    expect(forwarded.requestHeaders['x-sentry-auth']).toContain('sentry_key=e2epublickey');
    const event = forwarded.items[0]!.payload as typeof dirtyEvent;
    expect(event.tags).toEqual(dirtyEvent.tags);
    expect(event.exception.values[0]).toEqual({ type: 'TypeError', value: 'cannot render [name]' });
    expect(event.request).toEqual({ url: 'http://localhost/customers', headers: { 'User-Agent': 'Chromium' } });
    expect(event.user).toEqual({ id: 'user-1' });
    expect(event.breadcrumbs).toEqual([{ category: 'navigation', data: { from: '/', to: '/customers' } }]);
    for (const secret of [NAME, encodeURIComponent(NAME), EMAIL, '203.0.113.9', 'search=', 'q='])
      expect(forwarded.raw).not.toContain(secret);
  });

  it('takes an envelope with nothing worth sending without forwarding it', async () => {
    const before = ingest.requests;
    const response = await post(envelope(ingest.dsn, [[{ type: 'session' }, { sid: 's1', status: 'ok' }]]));
    expect(response.status).toBe(204);
    expect(ingest.requests).toBe(before);
  });

  it.each([
    ['addressed to another DSN', () => envelope('https://their-key@o1.ingest.sentry.io/1', [[{ type: 'event' }, dirtyEvent]]), 'body.dsn'],
    [
      'addressed to our project with another key',
      () => envelope(ingest.dsn.replace('e2epublickey', 'k2'), [[{ type: 'event' }, dirtyEvent]]),
      'body.dsn',
    ],
    ['not an envelope', () => 'hello, tracker', 'body'],
    ['an event that is not an object', () => envelope(ingest.dsn, [[{ type: 'event' }, [1, 2]]]), 'body'],
    ['empty', () => '', 'body'],
  ])('refuses an envelope %s with 400 naming the field, and forwards nothing', async (_what, body, field) => {
    const before = ingest.requests;
    const response = await post(body());
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors?.map((e) => e.field)).toEqual([field]);
    expect(ingest.requests).toBe(before);
  });

  it('refuses more than 200 KB with 413', async () => {
    const before = ingest.requests;
    const big = envelope(ingest.dsn, [[{ type: 'event' }, { ...dirtyEvent, extra: { padding: 'x'.repeat(210 * 1024) } }]]);
    const response = await post(big);
    expect(response.status).toBe(413);
    expect(ingest.requests).toBe(before);
  });

  it.each<Record<string, string>>([{ origin: 'https://evil.test' }, { 'sec-fetch-site': 'cross-site' }])(
    'refuses a report from another site (%o) with 403',
    async (headers) => {
      const response = await post(envelope(ingest.dsn, [[{ type: 'event' }, dirtyEvent]]), headers);
      expect(response.status).toBe(403);
    },
  );

  it(`limits one address to ${RATE_LIMITS.errorReportIp.points} reports a minute, then 429 with Retry-After`, async () => {
    const body = envelope(ingest.dsn, [[{ type: 'session' }, { sid: 's1' }]]);
    const from = { 'x-forwarded-for': '198.51.100.200' };
    for (let i = 0; i < RATE_LIMITS.errorReportIp.points; i += 1) expect((await post(body, from)).status).toBe(204);
    const limited = await post(body, from);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await post(body, { 'x-forwarded-for': '198.51.100.201' })).status).toBe(204);
  });

  it('answers the browser within the deadline when the tracker does not answer, and logs a warn line', async () => {
    const warn = vi.spyOn(logger, 'warn');
    ingest.mode = 'hang';
    const started = performance.now();
    const response = await post(envelope(ingest.dsn, [[{ type: 'event' }, dirtyEvent]]));
    const elapsed = performance.now() - started;
    expect(response.status).toBe(204);
    expect(elapsed).toBeGreaterThan(2900);
    expect(elapsed).toBeLessThan(4000);
    expect(warn).toHaveBeenCalledWith({ reason: 'no answer within 3000 ms', undelivered: 1 }, 'error report not delivered');
    warn.mockRestore();
  });
});
