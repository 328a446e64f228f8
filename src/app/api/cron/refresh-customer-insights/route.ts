/**
 * GET/POST /api/cron/refresh-customer-insights?mode=full|recent|agency[&agency=<id>] — the
 * scheduled insights refresh. Authorization: Bearer $CRON_SECRET (constant-time compare); a
 * wrong or missing secret, or no CRON_SECRET configured, is 401.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { fieldErrors } from '@/lib/api/error-mapper';
import { ApiError, validationFailed } from '@/lib/api/problem';
import { queryObject } from '@/lib/api/request';
import { withPublicRoute } from '@/lib/api/with-agency-auth';
import { config } from '@/lib/config';
import { REFRESH_MODES, refreshCustomerInsights } from '@/lib/insights/refresh';

export const dynamic = 'force-dynamic';

const CronQuery = z
  .object({ mode: z.enum(REFRESH_MODES).default('recent'), agency: z.uuid('Must be an agency id.').optional() })
  .refine((query) => query.mode !== 'agency' || query.agency, { message: 'Mode "agency" needs ?agency=<id>.', path: ['agency'] });

/** Hashing first gives equal lengths, so the comparison time says nothing about the secret. */
function secretMatches(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

async function run(request: Request): Promise<Response> {
  const expected = config().cronSecret;
  const given = /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1] ?? '';
  if (!expected || !secretMatches(given, expected)) {
    throw new ApiError(401, 'unauthorized', 'Cron secret required', 'Send Authorization: Bearer <CRON_SECRET>.');
  }
  const parsed = CronQuery.safeParse(queryObject(new URL(request.url)));
  if (!parsed.success) throw validationFailed(fieldErrors(parsed.error, 'query'));
  const results = await refreshCustomerInsights({ mode: parsed.data.mode, agencyId: parsed.data.agency });
  const failed = results.filter((result) => result.status === 'error').length;
  return Response.json(
    {
      mode: parsed.data.mode,
      agencies: results.length,
      failed,
      rows: results.reduce((sum, r) => sum + r.rows, 0),
      // Error messages stay in application_logs and the server log, not in the response.
      results: results.map(({ agencyId, status, rows, durationMs }) => ({ agencyId, status, rows, durationMs })),
    },
    { status: failed > 0 ? 500 : 200 },
  );
}

export const GET = withPublicRoute(({ request }) => run(request));
export const POST = withPublicRoute(({ request }) => run(request));
