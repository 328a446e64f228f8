/**
 * GET /api/analytics/segmentation/trends?months=1..36 (default 12) — month by month, each tier's
 * customers and premium from the snapshots (a month's latest snapshot day; the month in progress:
 * the latest snapshot). Without history: an empty series and how to backfill. Any member.
 */
import { withAgencyAuth } from '@/lib/api/with-agency-auth';
import { getTrends } from '@/lib/segmentation/use-cases/trends';

export const GET = withAgencyAuth(getTrends);
