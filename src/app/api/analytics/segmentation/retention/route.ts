/**
 * GET /api/analytics/segmentation/retention?asOf=YYYY-MM-DD|month-end — customer, line and
 * premium retention over the 12 months to a month-end snapshot, overall, by tier then and by
 * number of lines then, with the raw counts and premiums. Without asOf: the latest month-end
 * with retention; an agency without one gets `empty` saying how to compute its history. Any member.
 */
import { withAgencyAuth } from '@/lib/api/with-agency-auth';
import { getRetention } from '@/lib/segmentation/use-cases/retention';

export const GET = withAgencyAuth(getRetention);
