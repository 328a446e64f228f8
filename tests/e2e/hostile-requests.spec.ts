import http from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import { HOSTILE_NEXT_VALUES, staysOnSite } from '../helpers/hostile-next';
import { DEMO_PASSWORD } from './helpers';

/**
 * What an attacker, a fuzzer or a confused client sends, against the production server: the
 * answers stay on this site, carry the security headers and a request id, and are never a 5xx.
 */

/** Every dynamic route of the app, read from src/app, so a new one is fuzzed without editing this file. */
function dynamicRoutes(): { kind: 'api' | 'page'; template: string; methods: string[] }[] {
  const found: { kind: 'api' | 'page'; template: string; methods: string[] }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if ((entry.name === 'route.ts' || entry.name === 'page.tsx') && full.includes('[')) {
        const template = path
          .relative('src/app', path.dirname(full))
          .split(path.sep)
          .filter((segment) => !/^\(.*\)$/.test(segment))
          .join('/');
        const methods =
          entry.name === 'page.tsx'
            ? ['GET']
            : [...readFileSync(full, 'utf8').matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)].map((match) => match[1]!);
        found.push({ kind: entry.name === 'route.ts' ? 'api' : 'page', template: `/${template}`, methods });
      }
    }
  };
  walk('src/app');
  return found;
}

/** Percent-encodings no decoder accepts: truncated escapes, non-hex digits, overlong and surrogate UTF-8. */
const MALFORMED_SEGMENTS = ['%', '%E', '%zz', '%%', 'a%2', '%ED%A0%80', '%C0%AF', '%FF', '%E2%82', '%F0%9F%98', '%u0041', '%80abc'];

const SECURITY_HEADERS = {
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
};

function expectSecurityHeaders(response: APIResponse, label: string, https = false) {
  const headers = response.headers();
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(headers[name], `${label}: ${name}`).toBe(value);
  expect(headers['strict-transport-security'], `${label}: HSTS`).toBe(https ? 'max-age=63072000; includeSubDomains' : undefined);
}

let ipCounter = 0;
/** Sign-ins are limited per address: each test signs in from an address of its own (the edge's header). */
const nextIp = () => `203.0.113.${(ipCounter += 1)}`;

async function signInWithApi(request: APIRequestContext, email: string): Promise<string> {
  const response = await request.post('/api/auth/sign-in', {
    data: { email, password: DEMO_PASSWORD },
    headers: { 'x-forwarded-for': nextIp() },
  });
  expect(response.status()).toBe(200);
  return response.headers()['set-cookie']!.split(';')[0]!;
}

test('no malformed path encoding on any dynamic route gives a 5xx: the API answers 400 problem+json, pages the not-found page', async ({
  request,
}) => {
  const routes = dynamicRoutes();
  // The routes the outside probe named, so a change in how routes are found cannot hide them.
  expect(routes.map((route) => route.template)).toEqual(
    expect.arrayContaining([
      '/api/customers/[customerId]',
      '/api/members/[userId]',
      '/api/customers/import/[jobId]/commit',
      '/customers/[customerId]',
    ]),
  );
  const cookie = await signInWithApi(request, 'owner@demo-agency.test');
  for (const route of routes) {
    for (const segment of MALFORMED_SEGMENTS) {
      const url = route.template.replace(/\[[^\]]+\]/g, segment);
      for (const method of route.methods) {
        for (const signedIn of [false, true]) {
          const label = `${method} ${url}${signedIn ? ' (signed in)' : ''}`;
          const response = await request.fetch(url, { method, headers: signedIn ? { cookie } : {}, maxRedirects: 0 });
          expect(response.status(), label).toBeLessThan(500);
          expectSecurityHeaders(response, label);
          if (route.kind === 'api') {
            expect(response.status(), label).toBe(400);
            expect(response.headers()['content-type'], label).toBe('application/problem+json');
            const problem = (await response.json()) as { requestId: string; detail: string };
            expect(problem.requestId, label).toBe(response.headers()['x-request-id']);
            expect(problem.detail, label).toBe('The request address cannot be read.');
          } else {
            expect(response.status(), label).toBe(404);
            expect(await response.text(), label).toContain('Page not found');
            // Styled and scripted like any page: the pages' own policy, not the API's.
            expect(response.headers()['content-security-policy'], label).toMatch(/script-src 'self' 'nonce-/);
          }
        }
      }
    }
  }
});

test('every kind of response carries the security headers, and HSTS only over HTTPS', async ({ request }) => {
  const cookie = await signInWithApi(request, 'admin@demo-agency.test');
  const sample: { label: string; run: (headers: Record<string, string>) => Promise<APIResponse> }[] = [
    { label: 'a page', run: (headers) => request.get('/sign-in', { headers }) },
    { label: 'the not-found page', run: (headers) => request.get('/no-such-page', { headers }) },
    { label: 'an API answer', run: (headers) => request.get('/api/health', { headers }) },
    { label: 'an API refusal', run: (headers) => request.get('/api/agencies', { headers }) },
    { label: 'an undecodable path', run: (headers) => request.get('/api/customers/%', { headers }) },
    { label: 'a method the route lacks', run: (headers) => request.fetch('/api/health', { method: 'DELETE', headers }) },
    {
      label: 'the import upload (which bypasses the proxy)',
      run: (headers) =>
        request.post('/api/customers/import?fileName=x.csv', {
          headers: { ...headers, cookie, 'content-type': 'text/csv' },
          data: 'customer_id,policy_id,line_of_business,annual_premium,effective_date\r\nH-1,HP-1,auto,100.00,2026-01-01\r\n',
        }),
    },
    { label: 'a missing static file', run: (headers) => request.get('/_next/static/chunks/missing.js', { headers }) },
    { label: 'the icon', run: (headers) => request.get('/icon.svg', { headers }) },
  ];
  for (const { label, run } of sample) {
    expectSecurityHeaders(await run({}), label);
    // Railway's edge terminates TLS and says so; only then does HSTS mean anything.
    expectSecurityHeaders(await run({ 'x-forwarded-proto': 'https' }), `${label} over HTTPS`, true);
  }
});

test('a signed-in visitor sent to /sign-in with a hostile next stays on this site', async ({ request }) => {
  const cookie = await signInWithApi(request, 'agent@demo-agency.test');
  for (const next of HOSTILE_NEXT_VALUES) {
    const response = await request.get(`/sign-in?next=${encodeURIComponent(next)}`, { headers: { cookie }, maxRedirects: 0 });
    expect(response.status(), next).toBe(307);
    expect(staysOnSite(response.headers().location ?? null), `${next} → ${response.headers().location}`).toBe(true);
  }
});

/** Raw HTTP on one keep-alive socket, as browsers and proxies reuse connections. */
function onOneConnection(base: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const send = (method: string, pathname: string, headers: Record<string, string | number>, body?: Buffer) =>
    new Promise<{ status: number; ms: number; connection?: string; socketPort?: number }>((resolve, reject) => {
      const started = Date.now();
      const request = http.request(new URL(pathname, base), { method, headers, agent, timeout: 4000 }, (response) => {
        response.resume();
        response.on('end', () =>
          resolve({
            status: response.statusCode!,
            ms: Date.now() - started,
            connection: response.headers.connection,
            socketPort: request.socket?.localPort,
          }),
        );
      });
      request.on('timeout', () => request.destroy(new Error(`${method} ${pathname} got no answer in 4 s`)));
      request.on('error', reject);
      request.end(body);
    });
  return { send, close: () => agent.destroy() };
}

test('an upload refused early leaves the keep-alive connection usable for the next request', async ({ request, baseURL }) => {
  const cookie = await signInWithApi(request, 'owner@demo-agency.test');
  const connection = onOneConnection(baseURL!);
  try {
    for (const megabytes of [0.5, 2, 5]) {
      const body = Buffer.alloc(Math.round(megabytes * 1024 * 1024), 'a,b,c\n');
      const mapping = encodeURIComponent(JSON.stringify({ customer_id: 'customer_id' }));
      const refused = await connection.send(
        'POST',
        `/api/customers/import?mapping=${mapping}`,
        { cookie, 'content-type': 'text/csv', 'content-length': body.length },
        body,
      );
      expect(refused.status, `${megabytes} MB`).toBe(422);
      const next = await connection.send('GET', '/api/health', {});
      expect(next.status, `after ${megabytes} MB`).toBe(200);
      expect(next.ms, `after ${megabytes} MB`).toBeLessThan(2000);
      // Drained, not closed: the same socket carried both.
      expect(next.socketPort).toBe(refused.socketPort);
    }
    // A body too large to drain is cut off: the connection is closed cleanly, and the next request opens a new one at once.
    const huge = Buffer.alloc(20 * 1024 * 1024, 'a,b,c\n');
    const refused = await connection.send(
      'POST',
      `/api/customers/import?mapping=${encodeURIComponent(JSON.stringify({ customer_id: 'customer_id' }))}`,
      { cookie, 'content-type': 'text/csv', 'content-length': huge.length },
      huge,
    );
    expect(refused.status).toBe(422);
    expect(refused.connection).toBe('close');
    const next = await connection.send('GET', '/api/health', {});
    expect(next.status).toBe(200);
    expect(next.ms).toBeLessThan(2000);
  } finally {
    connection.close();
  }
});

test('a session cookie copied before sign-out opens nothing after it', async ({ browser, request }) => {
  const context = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': nextIp() } });
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill('viewer@demo-agency.test');
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/analytics\/segmentation$/);
  const session = (await context.cookies()).find((cookie) => cookie.name === 'cs-session')!;
  const copied = `cs-session=${session.value}`;
  expect((await request.get('/api/agencies', { headers: { cookie: copied } })).status()).toBe(200);

  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in$/);

  expect((await request.get('/api/agencies', { headers: { cookie: copied } })).status()).toBe(401);
  const dashboard = await request.get('/analytics/segmentation', { headers: { cookie: copied }, maxRedirects: 0 });
  expect(dashboard.status()).toBe(307);
  expect(dashboard.headers().location).toMatch(/^\/sign-in\?next=/);
  await context.close();
});
