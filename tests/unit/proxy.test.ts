import { NextRequest } from 'next/server';
import { describe, expect, it, vi } from 'vitest';
import { SESSION_COOKIE } from '@/lib/auth/cookies';
import { issueSessionToken, SESSION_TTL_SECONDS } from '@/lib/auth/session-token';
import { proxy } from '@/proxy';

const user = {
  userId: '11111111-1111-4111-8111-111111111111',
  email: 'ann@demo-agency.test',
  sessionId: '22222222-2222-4222-8222-222222222222',
  authTime: Math.floor(Date.now() / 1000),
};

describe('proxy (embedded sessions)', () => {
  it('sets the security headers with a fresh nonce per request', async () => {
    const first = await proxy(new NextRequest('http://localhost/sign-in'));
    const second = await proxy(new NextRequest('http://localhost/sign-in'));
    const csp = first.headers.get('content-security-policy')!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(first.headers.get('x-content-type-options')).toBe('nosniff');
    expect(first.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    const nonce = (value: string) => /'nonce-([^']+)'/.exec(value)![1];
    expect(nonce(csp)).not.toBe(nonce(second.headers.get('content-security-policy')!));
  });

  it('leaves a young session alone and renews one past half its life', async () => {
    const token = await issueSessionToken(user);
    const fresh = await proxy(
      new NextRequest('http://localhost/analytics/segmentation', { headers: { cookie: `${SESSION_COOKIE}=${token}` } }),
    );
    expect(fresh.cookies.get(SESSION_COOKIE)).toBeUndefined();

    vi.useFakeTimers({ now: Date.now() + (SESSION_TTL_SECONDS / 2 + 60) * 1000 });
    try {
      const renewed = await proxy(
        new NextRequest('http://localhost/analytics/segmentation', { headers: { cookie: `${SESSION_COOKIE}=${token}` } }),
      );
      const cookie = renewed.cookies.get(SESSION_COOKIE);
      expect(cookie?.value).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(cookie?.value).not.toBe(token);
      expect(cookie?.httpOnly).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not renew a forged session', async () => {
    const response = await proxy(new NextRequest('http://localhost/', { headers: { cookie: `${SESSION_COOKIE}=forged.token.value` } }));
    expect(response.cookies.get(SESSION_COOKIE)).toBeUndefined();
  });

  it('sets headers on API requests but leaves their session to the route', async () => {
    const token = await issueSessionToken(user);
    vi.useFakeTimers({ now: Date.now() + (SESSION_TTL_SECONDS / 2 + 60) * 1000 });
    try {
      const response = await proxy(new NextRequest('http://localhost/api/agencies', { headers: { cookie: `${SESSION_COOKIE}=${token}` } }));
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.cookies.get(SESSION_COOKIE)).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });

  it('sends HSTS only to requests that came over HTTPS, pages and API alike', async () => {
    for (const path of ['/sign-in', '/api/agencies']) {
      const plain = await proxy(new NextRequest(`http://localhost${path}`));
      expect(plain.headers.get('strict-transport-security')).toBeNull();
      const viaEdge = await proxy(new NextRequest(`http://localhost${path}`, { headers: { 'x-forwarded-proto': 'https' } }));
      expect(viaEdge.headers.get('strict-transport-security')).toBe('max-age=63072000; includeSubDomains');
      const direct = await proxy(new NextRequest(`https://localhost${path}`));
      expect(direct.headers.get('strict-transport-security')).toContain('max-age=');
    }
  });

  it.each(['/api/customers/%', '/api/customers/%ED%A0%80', '/api/members/%', '/api/customers/import/%C0%AF/commit'])(
    'answers an API path with broken percent-encoding with 400 problem+json and a request id: %s',
    async (path) => {
      const response = await proxy(new NextRequest(`http://localhost${path}`, { method: path.endsWith('commit') ? 'POST' : 'GET' }));
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      const body = (await response.json()) as { requestId: string; errors: { field: string }[] };
      expect(body.requestId).toBe(response.headers.get('x-request-id'));
      expect(body.errors[0]!.field).toBe('path');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    },
  );

  it("sends a page path with broken percent-encoding to the not-found page, with the pages' own policy", async () => {
    const response = await proxy(new NextRequest('http://localhost/customers/%'));
    expect(new URL(response.headers.get('x-middleware-rewrite')!).pathname).toBe('/_malformed-path');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    // Its inlined styles and nonce'd scripts are allowed, as on every page.
    expect(response.headers.get('content-security-policy')).toMatch(/script-src 'self' 'nonce-[^']+'.*style-src 'self' 'unsafe-inline'/);
  });
});
