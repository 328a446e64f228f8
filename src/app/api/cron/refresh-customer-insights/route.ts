/**
 * GET/POST /api/cron/refresh-customer-insights?mode=full|recent|agency[&agency=<id>] — an
 * insights refresh for an external scheduler (the daily one runs in the app). Authorization: Bearer $CRON_SECRET (constant-time compare); a
 * wrong or missing secret, or no CRON_SECRET configured, is 401.
 */
import { withCronSecret } from '@/lib/api/with-cron-secret';
import { scheduledRefresh } from '@/lib/segmentation/use-cases/scheduled-refresh';

export const dynamic = 'force-dynamic';

export const GET = withCronSecret(scheduledRefresh);
export const POST = withCronSecret(scheduledRefresh);
