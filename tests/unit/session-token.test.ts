import { SignJWT } from 'jose';
import { describe, expect, it, vi } from 'vitest';
import {
  issueSessionToken,
  MAX_SESSION_AGE_SECONDS,
  renewSessionToken,
  sessionSecret,
  SESSION_TTL_SECONDS,
  verifySessionToken,
} from '@/lib/auth/session-token';

const subject = (authTime = Math.floor(Date.now() / 1000)) => ({
  userId: '11111111-1111-4111-8111-111111111111',
  email: 'ann@demo-agency.test',
  sessionId: '22222222-2222-4222-8222-222222222222',
  authTime,
});

describe('embedded session tokens', () => {
  it('carry Supabase-shaped claims', async () => {
    const claims = await verifySessionToken(await issueSessionToken(subject()));
    expect(claims).toMatchObject({
      sub: subject().userId,
      email: subject().email,
      role: 'authenticated',
      aud: 'authenticated',
      session_id: subject().sessionId,
    });
    expect(claims!.exp - Number(claims!.iat)).toBe(SESSION_TTL_SECONDS);
  });

  it('reject a tampered, foreign or expired token', async () => {
    const token = await issueSessionToken(subject());
    const [header, payload, signature] = token.split('.');
    const elevated = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), sub: 'someone-else' }),
    ).toString('base64url');
    expect(await verifySessionToken(`${header}.${elevated}.${signature}`)).toBeNull();
    const foreign = await new SignJWT({ role: 'authenticated' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(subject().userId)
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('another-secret-another-secret-another'));
    expect(await verifySessionToken(foreign)).toBeNull();
    const expired = await new SignJWT({ role: 'authenticated' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(subject().userId)
      .setIssuer('customer-segmentation')
      .setAudience('authenticated')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 10)
      .sign(sessionSecret());
    expect(await verifySessionToken(expired)).toBeNull();
    expect(await verifySessionToken(undefined)).toBeNull();
  });

  it('are renewed only past half their life, for the same server-side session', async () => {
    const token = await issueSessionToken(subject());
    expect(await renewSessionToken(token)).toBeNull();
    vi.useFakeTimers({ now: Date.now() + (SESSION_TTL_SECONDS / 2 + 60) * 1000 });
    try {
      const renewed = await renewSessionToken(token);
      expect(renewed).not.toBeNull();
      expect(await verifySessionToken(renewed!)).toMatchObject({ sub: subject().userId, session_id: subject().sessionId });
    } finally {
      vi.useRealTimers();
    }
  });

  it('stop being renewed a week after the password was given', async () => {
    const weekAgo = Math.floor(Date.now() / 1000) - MAX_SESSION_AGE_SECONDS - 60;
    vi.useFakeTimers({ now: (weekAgo + SESSION_TTL_SECONDS - 60) * 1000 });
    const token = await issueSessionToken(subject(weekAgo));
    vi.useRealTimers();
    vi.useFakeTimers({ now: Date.now() });
    try {
      // Still valid for a minute, but not renewable any more.
      expect(await renewSessionToken(token)).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });
});
