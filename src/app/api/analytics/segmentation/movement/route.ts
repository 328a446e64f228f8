/**
 * GET /api/analytics/segmentation/movement?from=YYYY-MM-DD&to=YYYY-MM-DD — how customers moved
 * between tiers from one snapshot day to another: customers and premium on each path. Without
 * dates, the two latest snapshot days. Any member.
 */
import { withAgencyAuth } from '@/lib/api/with-agency-auth';
import { getTierMovement } from '@/lib/segmentation/use-cases/tier-movement';

export const GET = withAgencyAuth(getTierMovement);
