import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCookieHeader, serializeCookie } from '@/lib/auth/cookies';
import { safeNextPath } from '@/lib/auth/safe-next-path';
import { queryObject } from '@/lib/api/request';
import { clientIp, isHttpsRequest, requestOrigin } from '@/lib/http/forwarded';
import { HOSTILE_NEXT_VALUES, staysOnSite } from '../helpers/hostile-next';

describe('cookies', () => {
  it('parses a Cookie header, decoding values', () => {
    expect(parseCookieHeader('a=1; cs-session=x%3Dy; broken; =z')).toEqual([
      { name: 'a', value: '1' },
      { name: 'cs-session', value: 'x=y' },
    ]);
    expect(parseCookieHeader(null)).toEqual([]);
  });

  it('serializes a session cookie with its protections', () => {
    expect(serializeCookie({ name: 's', value: 'v', options: { httpOnly: true, secure: true, sameSite: 'lax', maxAge: 60 } })).toBe(
      's=v; Path=/; Max-Age=60; HttpOnly; Secure; SameSite=Lax',
    );
  });
});

describe('request helpers', () => {
  it('only follows a sign-in redirect to a path on this site', () => {
    expect(safeNextPath('/help/troubleshooting')).toBe('/help/troubleshooting');
    expect(safeNextPath('//evil.test/x')).toBe('/analytics/segmentation');
    expect(safeNextPath('https://evil.test')).toBe('/analytics/segmentation');
    expect(safeNextPath('/\\evil.test')).toBe('/analytics/segmentation');
    expect(safeNextPath('/\t/evil.test')).toBe('/analytics/segmentation');
    expect(safeNextPath('/%09/evil.test')).toBe('/%09/evil.test');
    expect(safeNextPath('/help?x=1#top')).toBe('/help?x=1#top');
  });

  it.each(HOSTILE_NEXT_VALUES)('never sends a browser off-site after sign-in: %j', (value) => {
    const next = safeNextPath(value);
    expect(staysOnSite(next)).toBe(true);
    expect(next).toMatch(/^\/(?![/\\])/);
  });

  it('resolves dot segments before judging: "/.//evil.test" is "//evil.test" to a browser', () => {
    expect(safeNextPath('/.//evil.test')).toBe('/analytics/segmentation');
    expect(safeNextPath('/a/./b/../c?d=1')).toBe('/a/c?d=1');
  });

  it('keeps every generated value on this site', () => {
    const pieces = fc.constantFrom('/', '//', '.', '..', '\\', '%2e', '%2f', '%5c', '\t', 'evil.test', ':', '@', '?', '#', 'https:');
    fc.assert(
      fc.property(
        fc.array(pieces, { maxLength: 8 }).map((parts) => parts.join('')),
        (value) => staysOnSite(safeNextPath(value)),
      ),
      { numRuns: 2000 },
    );
  });

  it('takes the client address the trusted proxies appended, ignoring what the client sent', () => {
    const request = new Request('http://x/', { headers: { 'x-forwarded-for': '6.6.6.6, 203.0.113.9, 10.0.0.2' } });
    expect(clientIp(request, 1)).toBe('10.0.0.2');
    expect(clientIp(request, 2)).toBe('203.0.113.9');
    expect(clientIp(new Request('http://x/'), 1)).toBe('unknown');
  });

  it('takes the scheme and host the trusted edge states, and ignores them when there is no trusted proxy', () => {
    const behindEdge = new Request('http://app.internal:8080/x', {
      headers: { 'x-forwarded-proto': 'http, https', 'x-forwarded-host': 'evil.test, app.example', host: 'app.internal:8080' },
    });
    expect(isHttpsRequest(behindEdge, 1)).toBe(true);
    expect(requestOrigin(behindEdge, 1)).toBe('https://app.example');
    // Nobody in front to trust: what the client wrote in X-Forwarded-* means nothing.
    expect(isHttpsRequest(behindEdge, 0)).toBe(false);
    expect(requestOrigin(behindEdge, 0)).toBe('http://app.internal:8080');
    expect(requestOrigin(new Request('https://app.example:443/x'), 1)).toBe('https://app.example');
  });

  it('keeps repeated query keys as arrays', () => {
    expect(queryObject(new URL('http://x/?a=1&b=2&b=3'))).toEqual({ a: '1', b: ['2', '3'] });
  });
});
