import { spawn, type ChildProcess } from 'node:child_process';
import AxeBuilder from '@axe-core/playwright';
import { createHash } from 'node:crypto';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { stopProcess } from '../helpers/processes';
import { startSentryIngest, type SentryIngest } from '../helpers/sentry-ingest';
import { DEMO_PASSWORD, signInThroughForm } from './helpers';

/**
 * Error reports from the production build, over real HTTP, in Chromium: a server of this spec's
 * own (scripts/e2e-server.mjs with SENTRY_DSN pointing at a local ingest receiver) for what is
 * sent, and the suite's default server (no SENTRY_DSN) for what is not.
 */
const REPORTING_PORT = Number(process.env.E2E_PORT ?? 3210) + 10;
const REPORTING_URL = `http://127.0.0.1:${REPORTING_PORT}`;
const API_TOKEN = 'sk_live_0123456789abcdefghijklmnop';
const OWNER = 'owner@demo-agency.test';
/** Any script of the SDK holds its global carrier's name; none of the app's own code does. */
const SDK_MARKER = '__SENTRY__';

const hash = (agencyId: string) => createHash('sha256').update(agencyId).digest('hex').slice(0, 16);

async function signInByApi(request: APIRequestContext, ip: string): Promise<string> {
  const response = await request.post('/api/auth/sign-in', {
    data: { email: OWNER, password: DEMO_PASSWORD },
    headers: { 'x-forwarded-for': ip },
  });
  expect(response.status()).toBe(200);
  return response.headers()['set-cookie']!.split(';')[0]!;
}

/** A customer of the current agency whose name and email the page will show (the owner sees them unmasked). */
async function aCustomer(request: APIRequestContext, cookie: string) {
  const response = await request.get('/api/analytics/segmentation/customers?tier=entry&limit=25', { headers: { cookie } });
  const { customers } = (await response.json()) as { customers: { kind: string; name: string | null; email: string | null }[] };
  const customer = customers.find((c) => c.kind === 'individual' && c.name?.includes(' ') && c.email)!;
  return { name: customer.name!, email: customer.email! };
}

async function currentAgencyId(request: APIRequestContext, cookie: string): Promise<string> {
  return ((await (await request.get('/api/agencies', { headers: { cookie } })).json()) as { currentAgencyId: string }).currentAgencyId;
}

/** The scripts a page loaded, with their text. */
async function scriptsOf(page: Page, urls: string[]): Promise<{ url: string; text: string }[]> {
  const scripts = urls.filter((url) => url.endsWith('.js'));
  return Promise.all(scripts.map(async (url) => ({ url, text: await (await page.request.get(url)).text() })));
}

/** Every value that must never leave in a report. */
function expectNothingPersonal(raw: string, secrets: string[]) {
  for (const secret of secrets) expect(raw, secret).not.toContain(secret);
  expect(raw).not.toMatch(/search=|[?&]email=/);
}

test.describe('with SENTRY_DSN set', () => {
  test.describe.configure({ mode: 'serial' });
  test.use({ baseURL: REPORTING_URL, extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.121' } });

  let ingest: SentryIngest;
  let server: ChildProcess;

  test.beforeAll(async () => {
    test.setTimeout(240_000);
    ingest = await startSentryIngest();
    server = spawn(process.execPath, ['scripts/e2e-server.mjs', String(REPORTING_PORT)], {
      env: { ...process.env, E2E_SENTRY_DSN: ingest.dsn },
      stdio: 'ignore',
    });
    await expect
      .poll(async () => (await fetch(`${REPORTING_URL}/api/health`).catch(() => null))?.status, { timeout: 200_000, intervals: [1000] })
      .toBe(200);
  });
  test.afterAll(async () => {
    if (server) await stopProcess(server);
    await ingest?.close();
  });

  test('a thrown server error arrives as an envelope with route, request id, release and agency, and nothing personal', async ({
    request,
  }) => {
    const cookie = await signInByApi(request, '203.0.113.122');
    const customer = await aCustomer(request, cookie);
    const agencyId = await currentAgencyId(request, cookie);
    const health = (await (await request.get('/api/health')).json()) as { commit: string | null; version: string };

    const sent = Date.now();
    const response = await request.post(
      `/api/ops/error-report/test?search=${encodeURIComponent(customer.name)}&email=${encodeURIComponent(customer.email)}`,
      {
        headers: { cookie, authorization: `Bearer ${API_TOKEN}` },
      },
    );
    expect(response.status()).toBe(500);
    expect(response.headers()['content-type']).toBe('application/problem+json');
    const { requestId } = (await response.json()) as { requestId: string };
    expect(requestId).toBe(response.headers()['x-request-id']);

    const { event, envelope } = await ingest.waitForEvent((e) => e.tags?.request_id === requestId, 5000);
    expect(Date.now() - sent).toBeLessThan(5000);
    expect(event.tags).toMatchObject({ route: '/api/ops/error-report/test', request_id: requestId, agency: hash(agencyId) });
    // The release is the commit the build recorded, the same the health check reports.
    expect(event.release).toMatch(/^[0-9a-f]{12}$/);
    expect(event.release).toBe(health.commit);
    expect(event.environment).toBe('e2e');
    expect(event.platform).toBe('node');
    expect(event.sdk?.name).toBe('sentry.javascript.nextjs');
    expect(event.exception?.values?.[0]?.type).toBe('RequestedTestError');
    // The address as the server saw it, without its query.
    expect(event.request?.url).toMatch(new RegExp(`^http://(127\\.0\\.0\\.1|localhost):${REPORTING_PORT}/api/ops/error-report/test$`));
    expect(Object.keys(event.request?.headers ?? {}).map((name) => name.toLowerCase())).not.toContain('cookie');
    expectNothingPersonal(envelope.raw, [
      customer.name,
      encodeURIComponent(customer.name),
      customer.email,
      encodeURIComponent(customer.email),
      OWNER,
      agencyId,
      cookie.split('=')[1]!,
      API_TOKEN,
    ]);
  });

  test('a client error arrives through /api/monitoring with route, request id, release and agency, and nothing personal', async ({
    page,
  }) => {
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    await signInThroughForm(page, OWNER);
    await expect(page).toHaveURL(/\/analytics\/segmentation$/);
    const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const customer = await aCustomer(page.request, cookie);
    const agencyId = await currentAgencyId(page.request, cookie);

    const opened = await page.goto(`/analytics/segmentation/entry?search=${encodeURIComponent(customer.name)}`);
    const pageRequestId = opened!.headers()['x-request-id']!;
    expect(pageRequestId).toBeTruthy();
    await expect(page.getByTestId('tier-customers').getByText(customer.name).first()).toBeVisible();
    // The SDK arrives after the page's own code; once it is there, an uncaught error is reported.
    await page.waitForFunction(() => Boolean((window as unknown as { __SENTRY__?: unknown }).__SENTRY__));
    await page.evaluate(
      ([name, email]) => setTimeout(() => Promise.reject(new Error(`cannot show ${name} <${email}>: missing renewal`))),
      [customer.name, customer.email],
    );
    await page.evaluate(
      ([name, email]) =>
        setTimeout(() => {
          throw new Error(`cannot show ${name} <${email}>`);
        }),
      [customer.name, customer.email],
    );

    const { event } = await ingest.waitForEvent(
      (e) =>
        e.platform === 'javascript' && e.tags?.request_id === pageRequestId && !String(e.exception?.values?.[0]?.value).includes('renewal'),
    );
    expect(requested).toContain(`${REPORTING_URL}/api/monitoring`);
    expect(requested.filter((url) => url.includes(`:${ingest.port}`))).toEqual([]);
    expect(event.tags).toMatchObject({ route: '/analytics/segmentation/[tier]', request_id: pageRequestId, agency: hash(agencyId) });
    expect(event.transaction).toBe('/analytics/segmentation/[tier]');
    expect(event.release).toMatch(/^[0-9a-f]{12}$/);
    expect(event.environment).toBe('e2e');
    expect(event.sdk?.name).toBe('sentry.javascript.nextjs');
    // A title or suffix of the name ("Mrs.", "MD", "IV") may stay; the name itself does not.
    expect(event.exception?.values?.[0]?.type).toBe('Error');
    expect(event.exception?.values?.[0]?.value).toMatch(/^cannot show (\S+ )?\[name\]( \S+)? <\[email\]>$/);
    expect(event.request?.url).toBe(`${REPORTING_URL}/analytics/segmentation/entry`);
    // The unhandled rejection arrived too, on its own.
    await ingest.waitForEvent((e) => e.platform === 'javascript' && String(e.exception?.values?.[0]?.value).includes('renewal'));
    for (const { raw } of ingest.envelopes.filter((e) => e.raw.includes('"javascript"'))) {
      expectNothingPersonal(raw, [
        customer.name,
        encodeURIComponent(customer.name),
        customer.email,
        OWNER,
        agencyId,
        cookie.split('=')[1]!,
      ]);
    }
    expect((await scriptsOf(page, requested)).some(({ text }) => text.includes(SDK_MARKER))).toBe(true);
  });

  test("an owner's test report from Help → Troubleshooting arrives under the request id the page shows", async ({ page }) => {
    await signInThroughForm(page, OWNER);
    await expect(page).toHaveURL(/\/analytics\/segmentation$/);
    await page.goto('/help/troubleshooting');
    await page.getByRole('button', { name: 'Send a test error report' }).click();
    const sent = page.getByTestId('test-error-report-sent');
    await expect(sent).toContainText('Sent.');
    expect((await new AxeBuilder({ page }).include('[data-testid="error-reports"]').analyze()).violations).toEqual([]);
    const requestId = (await sent.locator('code').first().textContent())!;
    const { event } = await ingest.waitForEvent((e) => e.tags?.request_id === requestId);
    expect(event.exception?.values?.[0]?.type).toBe('RequestedTestError');
  });
});

test.describe('without SENTRY_DSN (the default server)', () => {
  test.use({ extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.123' } });

  test('the browser loads no SDK and sends nothing; the tunnel is a 404; the owner is told reporting is off', async ({ page, request }) => {
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    await signInThroughForm(page, OWNER);
    await expect(page).toHaveURL(/\/analytics\/segmentation$/);
    expect(await page.locator('meta[name^="sentry-"]').count()).toBe(0);
    await page.evaluate(() =>
      setTimeout(() => {
        throw new Error('nobody is listening');
      }),
    );
    await page.goto('/help/troubleshooting');
    await expect(page.getByTestId('error-reports')).toContainText('Error reporting is off on this server');
    await expect(page.getByRole('button', { name: 'Send a test error report' })).toHaveCount(0);
    await page.waitForTimeout(1000);

    expect(requested.filter((url) => url.includes('/api/monitoring'))).toEqual([]);
    expect(await page.evaluate(() => typeof (window as unknown as { __SENTRY__?: unknown }).__SENTRY__)).toBe('undefined');
    expect((await scriptsOf(page, requested)).filter(({ text }) => text.includes(SDK_MARKER)).map(({ url }) => url)).toEqual([]);

    const tunnel = await request.post('/api/monitoring', { data: '{}\n{"type":"event"}\n{}', headers: { 'content-type': 'text/plain' } });
    expect(tunnel.status()).toBe(404);
    // The test error still fails as it should (and is logged); there is simply nowhere to report it.
    const cookie = await signInByApi(request, '203.0.113.124');
    expect((await request.post('/api/ops/error-report/test', { headers: { cookie } })).status()).toBe(500);
  });
});
