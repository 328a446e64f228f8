/**
 * POST /api/analytics/segmentation/refresh — recompute the current agency's tiers now and return
 * the new summary. Owners and admins (SPEC §3: trigger refresh).
 */
import { ApiError } from '@/lib/api/problem';
import { withAgencyAuth } from '@/lib/api/with-agency-auth';
import { refreshAgency } from '@/lib/insights/refresh';
import { getSegmentationSummary } from '@/lib/insights/summary';

export const POST = withAgencyAuth(
  async ({ agency, db }) => {
    const result = await refreshAgency(agency.agencyId, { mode: 'agency' });
    if (result.status === 'error') {
      throw new ApiError(
        503,
        'refresh-failed',
        'Refresh failed',
        'The tiers could not be recomputed just now; the previous figures still stand. Try again shortly.',
      );
    }
    return db((tx) => getSegmentationSummary(tx, agency));
  },
  { permission: 'insights:refresh', rateLimit: 'refresh' },
);
