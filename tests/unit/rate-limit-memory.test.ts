import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { consumeRateLimit, RATE_LIMITS, rateLimitHeaders, resetMemoryRateLimits } from '@/lib/api/rate-limits';

describe('in-memory rate limits (RATE_LIMIT_STORE=memory)', () => {
  beforeAll(() => {
    vi.stubEnv('RATE_LIMIT_STORE', 'memory');
    resetMemoryRateLimits();
  });
  afterAll(() => vi.unstubAllEnvs());

  it('allows the window budget, then refuses with a Retry-After', async () => {
    const rule = RATE_LIMITS.export;
    for (let i = 1; i <= rule.points; i += 1) {
      const decision = await consumeRateLimit('export', 'user-a');
      expect(decision).toMatchObject({ allowed: true, remaining: rule.points - i });
    }
    const refused = await consumeRateLimit('export', 'user-a');
    expect(refused.allowed).toBe(false);
    const headers = rateLimitHeaders('export', refused);
    expect(Number(headers['Retry-After'])).toBeGreaterThan(0);
    expect(headers['RateLimit-Policy']).toBe('10;w=60');
  });

  it('starts a new window when the old one is over', async () => {
    vi.useFakeTimers();
    try {
      for (let i = 0; i <= RATE_LIMITS.import.points; i += 1) await consumeRateLimit('import', 'user-b');
      expect((await consumeRateLimit('import', 'user-b')).allowed).toBe(false);
      vi.advanceTimersByTime(RATE_LIMITS.import.windowSeconds * 1000);
      expect((await consumeRateLimit('import', 'user-b')).allowed).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
