/**
 * POST /api/analytics/segmentation/refresh — recompute the current agency's tiers now and return
 * the new summary. Owners and admins (SPEC §3: trigger refresh).
 */
import { withAgencyAuth } from '@/lib/api/with-agency-auth';
import { refreshTiers } from '@/lib/segmentation/use-cases/refresh';

export const POST = withAgencyAuth(refreshTiers);
