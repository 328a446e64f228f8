/**
 * GET /api/health — public. Liveness plus one database round trip, for Railway's health check
 * and uptime monitors: 200 when the database answers, 503 with the reason when it does not.
 */
import { withPublicRoute } from '@/lib/api/with-agency-auth';
import { checkHealth } from '@/lib/health/health';

export const dynamic = 'force-dynamic';

export const GET = withPublicRoute(async () => {
  const report = await checkHealth();
  return Response.json(report, { status: report.status === 'ok' ? 200 : 503 });
});
