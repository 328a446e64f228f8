/**
 * GET /api/metrics — the app's metrics in Prometheus text format, for a scraper:
 * `Authorization: Bearer $METRICS_TOKEN` (constant-time compare); a missing or wrong token is
 * 401, and without METRICS_TOKEN configured the route answers 404, as if it did not exist.
 * What is measured, and why no label carries an id: src/lib/observability/metrics.ts.
 */
import { hasBearerToken } from '@/lib/api/bearer-token';
import { ApiError } from '@/lib/api/problem';
import { withPublicRoute } from '@/lib/api/with-agency-auth';
import { config } from '@/lib/config';
import { metricsExposition } from '@/lib/observability/metrics';

export const dynamic = 'force-dynamic';

export const GET = withPublicRoute(async ({ request }) => {
  const token = config().metricsToken;
  if (!token) throw new ApiError(404, 'not-found', 'Not found', 'No route answers this address.');
  if (!hasBearerToken(request, token)) {
    throw new ApiError(401, 'unauthorized', 'Metrics token required', 'Send Authorization: Bearer <METRICS_TOKEN>.');
  }
  const { text, contentType } = await metricsExposition();
  return new Response(text, { headers: { 'content-type': contentType } });
});
