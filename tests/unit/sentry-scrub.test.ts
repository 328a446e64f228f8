import type { ErrorEvent } from '@sentry/nextjs';
import { describe, expect, it } from 'vitest';
import { scrubBreadcrumb, scrubEvent } from '@/lib/observability/sentry/scrub';

const EMAIL = 'jane.doe@agency.example.com';
const NAME = 'Janet Quillfeather';
const PHONE = '(555) 010-1234';
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';

/** An error event shaped like the ones the Node and browser SDKs send, carrying every kind of PII we refuse to send. */
function eventWithPersonalData(): ErrorEvent {
  return {
    type: undefined,
    event_id: '0123456789abcdef0123456789abcdef',
    message: `lookup failed for ${EMAIL}`,
    transaction: `/customers?search=${encodeURIComponent(NAME)}`,
    user: { id: '7a1c7f0e-5d1b-4c8e-9a51-0f3e5c2b1a90', email: EMAIL, username: NAME, ip_address: '203.0.113.9' },
    request: {
      method: 'GET',
      url: `https://app.example.com/customers?search=${encodeURIComponent(NAME)}#top`,
      query_string: `search=${encodeURIComponent(NAME)}`,
      cookies: { 'sb-session': TOKEN },
      data: { name: NAME, phone: PHONE },
      headers: {
        'User-Agent': 'Mozilla/5.0',
        Authorization: `Bearer ${TOKEN}`,
        Cookie: `sb-session=${TOKEN}`,
        'X-Agency-Id': '4b3f1e2a-0c9d-4e8f-b7a6-5d4c3b2a1f0e',
        'X-Request-Id': 'req-12345678',
      },
    },
    exception: {
      values: [
        {
          type: 'Error',
          value: `duplicate key (email)=(${EMAIL}) phone ${PHONE}`,
          stacktrace: { frames: [{ filename: 'app.js', function: 'load', vars: { customerName: NAME } }] },
        },
      ],
    },
    breadcrumbs: [
      { category: 'ui.click', message: `button[aria-label="Open ${NAME}"]` },
      { category: 'console', message: `loaded ${NAME}` },
      {
        category: 'fetch',
        data: { method: 'GET', url: `/api/customers?search=${encodeURIComponent(NAME)}`, status_code: 500, body: NAME },
      },
      { category: 'navigation', data: { from: '/', to: `/customers?search=${encodeURIComponent(NAME)}` } },
    ],
    contexts: {
      runtime: { name: 'node', version: 'v20' },
      customer: { owner: NAME },
      nextjs: { request_path: `/customers?search=${encodeURIComponent(NAME)}`, route_type: 'render' },
    },
    extra: { note: `called ${PHONE}` },
    tags: { route: '/customers', request_id: 'req-12345678' },
  };
}

describe('error report scrubbing', () => {
  const json = JSON.stringify(scrubEvent(eventWithPersonalData()));

  it.each([
    ['an email', EMAIL],
    ['a name in a search query', NAME],
    ['a URL-encoded name', encodeURIComponent(NAME)],
    ['a phone number', PHONE],
    ['a session token', TOKEN],
    ['the agency header', '4b3f1e2a-0c9d-4e8f-b7a6-5d4c3b2a1f0e'],
    ['the client IP', '203.0.113.9'],
  ])('sends no %s', (_what, value) => {
    expect(json).not.toContain(value);
  });

  it('keeps what support needs: the path, the user id, the request id, the error type and frames', () => {
    const event = scrubEvent(eventWithPersonalData());
    expect(event.request).toEqual({
      method: 'GET',
      url: 'https://app.example.com/customers',
      headers: { 'User-Agent': 'Mozilla/5.0', 'X-Request-Id': 'req-12345678' },
    });
    expect(event.user).toEqual({ id: '7a1c7f0e-5d1b-4c8e-9a51-0f3e5c2b1a90' });
    expect(event.transaction).toBe('/customers');
    expect(event.exception?.values?.[0]).toMatchObject({ type: 'Error', value: 'duplicate key (email)=([email]) phone [phone]' });
    expect(event.exception?.values?.[0]?.stacktrace?.frames).toEqual([{ filename: 'app.js', function: 'load' }]);
    expect(event.tags).toEqual({ route: '/customers', request_id: 'req-12345678' });
    expect(Object.keys(event.contexts ?? {})).toEqual(['runtime', 'nextjs']);
  });

  it('keeps network and navigation breadcrumbs without their queries and bodies, and drops clicks and console lines', () => {
    const crumbs = eventWithPersonalData().breadcrumbs!.map(scrubBreadcrumb);
    expect(crumbs).toEqual([
      null,
      null,
      { category: 'fetch', message: undefined, data: { method: 'GET', url: '/api/customers', status_code: 500 } },
      { category: 'navigation', message: undefined, data: { from: '/', to: '/customers' } },
    ]);
  });
});
