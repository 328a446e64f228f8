import type { ErrorEvent } from '@sentry/nextjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashAgencyId } from '@/lib/observability/error-reporting';
import { parseDsn } from '@/lib/observability/sentry/dsn';
import { redactFreeText, scrubBreadcrumb, scrubEvent } from '@/lib/observability/sentry/scrub';

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
          value: `duplicate key (email)=(${EMAIL}) phone ${PHONE} of ${NAME}`,
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
  ])('never sends %s', (_what, value) => {
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
    expect(event.exception?.values?.[0]).toMatchObject({ type: 'Error', value: 'duplicate key (email)=([email]) phone [phone] of [name]' });
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

describe('error report scrubbing of free text', () => {
  it('takes quoted values and name-shaped words out of messages, and keeps the rest readable', () => {
    expect(redactFreeText(`invalid input syntax for type uuid: "${NAME}"`)).toBe('invalid input syntax for type uuid: "[value]"');
    expect(redactFreeText(`Unexpected token 'J', "${NAME}" is not valid JSON`)).toBe(
      `Unexpected token '[value]', "[value]" is not valid JSON`,
    );
    expect(redactFreeText(`could not render ${NAME} (${EMAIL})`)).toBe('could not render [name] ([email])');
    for (const name of [
      "Gabriel O'Kon",
      'Charlene Parker-Lindgren',
      'Letha MacGyver',
      'Ludwig van Beethoven',
      'María de la Cruz',
      'Zoë Ångström',
    ]) {
      expect(redactFreeText(`no renewal for ${name} yet`), name).toBe('no renewal for [name] yet');
    }
    expect(redactFreeText('Dr. Maude Grimes IV')).toBe('Dr. [name] IV');
    expect(redactFreeText("Cannot read properties of undefined (reading 'map')")).toBe(
      "Cannot read properties of undefined (reading '[value]')",
    );
    expect(redactFreeText("customer's renewal can't be computed")).toBe("customer's renewal can't be computed");
    expect(redactFreeText('A test error report, sent on purpose from Help → Troubleshooting.')).toBe(
      'A test error report, sent on purpose from Help → Troubleshooting.',
    );
  });

  it('scrubs every message an event carries', () => {
    const event = scrubEvent({
      type: undefined,
      message: `no policy for ${NAME}`,
      logentry: { message: 'no policy for %s', params: [NAME, 3] },
      exception: { values: [{ type: 'Error', value: `render failed for José Ñúñez-García` }] },
    });
    expect(JSON.stringify(event)).not.toMatch(/Janet|Quillfeather|José|Ñúñez/);
    expect(event.logentry).toEqual({ message: 'no policy for %s', params: ['[name]', 3] });
  });
});

describe('error report scrubbing, for any email or phone number anywhere', () => {
  const email = fc.stringMatching(/^[a-z0-9][a-z0-9._+-]{0,15}@[a-z0-9-]{1,10}(\.[a-z0-9-]{1,8})?\.[a-z]{2,6}$/);
  const phone = fc.stringMatching(/^(\+1 )?\(?[2-9]\d{2}\)?[ .-]\d{3}[ .-]\d{4}$/);
  const text = fc.string({ maxLength: 20 });

  it('never lets one through, whichever field it was put in', () => {
    fc.assert(
      fc.property(fc.oneof(email, phone), text, text, fc.nat(8), (pii, before, after, where) => {
        const value = `${before} ${pii} ${after}`;
        const event: ErrorEvent = {
          type: undefined,
          message: where === 0 ? value : 'm',
          transaction: where === 1 ? `/customers/${value}` : '/customers',
          exception: { values: [{ type: 'Error', value: where === 2 ? value : 'v' }] },
          tags: { route: '/api/customers', note: where === 3 ? value : 't' },
          extra: { nested: { deep: [where === 4 ? value : 'e'] } },
          contexts: { runtime: { name: where === 5 ? value : 'node' } },
          breadcrumbs: [{ category: 'fetch', message: where === 6 ? value : undefined, data: { url: `/api/x?q=${pii}` } }],
          request: {
            url: `https://app.example.com/x?search=${encodeURIComponent(pii)}`,
            headers: { 'User-Agent': where === 7 ? value : 'ua' },
          },
          user: { id: 'u-1', email: pii, username: where === 8 ? value : 'n' },
        };
        const json = JSON.stringify(scrubEvent(event));
        expect(json).not.toContain(pii);
        expect(json).not.toContain(encodeURIComponent(pii));
      }),
      { numRuns: 300 },
    );
  });
});

describe('the agency in error reports', () => {
  const agencyId = '4b3f1e2a-0c9d-4e8f-b7a6-5d4c3b2a1f0e';

  it('is a stable 16-digit hash that does not contain the id', () => {
    expect(hashAgencyId(agencyId)).toMatch(/^[0-9a-f]{16}$/);
    expect(hashAgencyId(agencyId)).toBe(hashAgencyId(agencyId));
    expect(hashAgencyId(agencyId)).not.toBe(hashAgencyId('38df989d-bab6-559f-a40e-de37b69c2fe8'));
    for (const part of agencyId.split('-')) expect(hashAgencyId(agencyId)).not.toContain(part);
  });
});

describe('a DSN', () => {
  it('gives the one address its envelopes go to, with any path and port', () => {
    expect(parseDsn('https://key@o42.ingest.sentry.io/4242')).toEqual({
      publicKey: 'key',
      projectId: '4242',
      envelopeUrl: 'https://o42.ingest.sentry.io/api/4242/envelope/',
    });
    expect(parseDsn('http://key@127.0.0.1:9000/sentry/7')?.envelopeUrl).toBe('http://127.0.0.1:9000/sentry/api/7/envelope/');
    expect(parseDsn('https://host/1')).toBeNull();
    // The SDK ignores a DSN whose key is not letters, digits and underscores: so does config.
    expect(parseDsn('https://e2e-key@host/1')).toBeNull();
  });
});
