/**
 * GET  /api/analytics/segmentation/history — the agency's snapshot history (earliest, latest,
 *      whether it reaches a year back) and its latest backfill run's progress. Any member.
 * POST /api/analytics/segmentation/history — start computing 36 months of month-end snapshots
 *      from policy dates in the background: 202 with the run (poll GET for its progress);
 *      `?mode=recompute` forgets the history first and computes every month-end again; 409
 *      with the running one's progress while one runs; 422 when the agency has no customers.
 *      Owners and admins.
 */
import { accepted } from '@/lib/api/presenters';
import { withAgencyAuth } from '@/lib/api/with-agency-auth';
import { getHistoryBackfill, startHistoryBackfill } from '@/lib/segmentation/use-cases/history-backfill';

export const GET = withAgencyAuth(getHistoryBackfill);
export const POST = withAgencyAuth(startHistoryBackfill, accepted('/api/analytics/segmentation/history'));
