import { expect, test, type APIRequestContext } from '@playwright/test';
import { parseExposition, sampleValue, type Sample } from '../helpers/prometheus';
import { DEMO_PASSWORD } from './helpers';

/**
 * /api/metrics and Server-Timing on the production server, over real HTTP: the token guards the
 * scrape, the route label is the pattern Next matched (its params put back), and the timing
 * header reaches the client. scripts/e2e-server.mjs sets METRICS_TOKEN.
 */
const TOKEN = 'e2e-metrics-token-0123456789';
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

async function scrape(request: APIRequestContext): Promise<Sample[]> {
  const response = await request.get('/api/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseExposition(await response.text());
}

test('a scrape needs the token: 401 problem+json without it or with a wrong one', async ({ request }) => {
  for (const headers of [
    {} as Record<string, string>,
    { authorization: 'Bearer not-the-token-0123456789' },
    { authorization: `Bearer ${TOKEN}-` },
  ]) {
    const response = await request.get('/api/metrics', { headers });
    expect(response.status()).toBe(401);
    expect(response.headers()['content-type']).toBe('application/problem+json');
    expect(await response.text()).not.toContain('http_request_duration_seconds');
  }
});

test('requests show up under their route pattern with their status, and carry Server-Timing', async ({ request }) => {
  const signIn = await request.post('/api/auth/sign-in', {
    data: { email: 'owner@demo-agency.test', password: DEMO_PASSWORD },
    headers: { 'x-forwarded-for': '192.0.2.77' },
  });
  expect(signIn.status()).toBe(200);
  const cookie = signIn.headers()['set-cookie']!.split(';')[0]!;
  const book = await request.get('/api/customers?limit=1', { headers: { cookie } });
  const customerId = ((await book.json()) as { customers: { id: string }[] }).customers[0]!.id;

  const labels = (status: string) => ({ route: '/api/customers/[customerId]', method: 'GET', status });
  const before = await scrape(request);
  let timing = '';
  for (let i = 0; i < 2; i += 1) {
    const response = await request.get(`/api/customers/${customerId}`, { headers: { cookie } });
    expect(response.status()).toBe(200);
    timing = response.headers()['server-timing'] ?? '';
  }
  expect((await request.get(`/api/customers/${UNKNOWN_ID}`, { headers: { cookie } })).status()).toBe(404);
  const after = await scrape(request);

  const count = (status: string) =>
    sampleValue(after, 'http_request_duration_seconds_count', labels(status)) -
    sampleValue(before, 'http_request_duration_seconds_count', labels(status));
  expect(count('200')).toBe(2);
  expect(count('404')).toBe(1);
  expect(after.flatMap((sample) => Object.values(sample.labels)).filter((value) => value.includes(customerId))).toEqual([]);

  const [, db, handler] = /^db;desc="database";dur=([\d.]+), handler;desc="total";dur=([\d.]+)$/.exec(timing) ?? [];
  expect(Number(db)).toBeGreaterThan(0);
  expect(Number(handler)).toBeGreaterThanOrEqual(Number(db));
});
