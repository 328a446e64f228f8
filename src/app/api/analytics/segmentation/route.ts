/**
 * GET /api/analytics/segmentation — the current agency's tier summary (SPEC §7), any member.
 *   Reads only the aggregates the refresh maintains; an agency without customers gets demo data.
 * POST — scores a posted batch of at most 10,000 customers with the agency's rules; stores nothing.
 */
import { withAgencyAuth } from '@/lib/api/with-agency-auth';
import { getSummary, scoreBatch } from '@/lib/segmentation/use-cases/summary';

export const GET = withAgencyAuth(getSummary);
export const POST = withAgencyAuth(scoreBatch);
