import { NextRequest } from 'next/server';
import { describe, expect, it, vi } from 'vitest';
import { SESSION_COOKIE } from '@/lib/auth/cookies';
import { issueSessionToken, SESSION_TTL_SECONDS } from '@/lib/auth/session-token';
import { proxy } from '@/proxy';

const user = { id: '11111111-1111-4111-8111-111111111111', email: 'ann@demo-agency.test' };

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
});
