/**
 * POST /api/monitoring — the tunnel of the browser's error reports (see
 * src/lib/observability/sentry/tunnel.ts): same origin only, limited per client address, at most
 * MAX_ENVELOPE_BYTES, addressed to the configured DSN, scrubbed again and passed on with a
 * deadline. Without SENTRY_DSN it answers 404, as if it did not exist, and loads nothing of the SDK.
 */
import { readBodyBytes } from '@/lib/api/body';
import { ApiError } from '@/lib/api/problem';
import { consumeRateLimit, rateLimited, rateLimitHeaders } from '@/lib/api/rate-limits';
import { withPublicRoute } from '@/lib/api/with-agency-auth';
import { config } from '@/lib/config';
import { clientIp } from '@/lib/http/forwarded';

export const dynamic = 'force-dynamic';

/** A browser error event is a few kilobytes; this leaves room for a long stack and its breadcrumbs. */
const MAX_ENVELOPE_BYTES = 200 * 1024;

export const POST = withPublicRoute(async ({ request }) => {
  const reporting = config().sentry;
  if (!reporting) throw new ApiError(404, 'not-found', 'Not found', 'No route answers this address.');
  const decision = await consumeRateLimit('errorReportIp', clientIp(request));
  const limitHeaders = rateLimitHeaders('errorReportIp', decision);
  if (!decision.allowed) throw rateLimited(decision, limitHeaders);
  const raw = await readBodyBytes(request, MAX_ENVELOPE_BYTES);
  const { relayEnvelope } = await import('@/lib/observability/sentry/tunnel');
  const outcome = await relayEnvelope(raw, reporting.dsn);
  return new Response(null, { status: outcome.status, headers: { ...limitHeaders, ...outcome.headers } });
});
