import { describe, expect, it } from 'vitest';
import { GET as metricsRoute } from '@/app/api/metrics/route';

/** Without METRICS_TOKEN (the unit tests set none) the metrics route answers as if it did not exist. */
describe('GET /api/metrics without METRICS_TOKEN', () => {
  it('answers 404, whatever token is sent', async () => {
    expect(process.env.METRICS_TOKEN).toBeUndefined();
    for (const authorization of [undefined, 'Bearer anything-at-all-0123456789']) {
      const response = await metricsRoute(new Request('http://localhost/api/metrics', { headers: authorization ? { authorization } : {} }));
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(await response.text()).not.toMatch(/http_request_duration_seconds|METRICS_TOKEN/);
    }
  });
});
