/**
 * GET /api/analytics/segmentation/settings — the agency's tier rules, version and history (members).
 * PUT /api/analytics/segmentation/settings — { rules, expectedVersion }: saves the next version and
 *     recomputes the agency's tiers; answers the new settings and summary (owners and admins).
 */
import { withAgencyAuth } from '@/lib/api/with-agency-auth';
import { getRules, saveRuleChange } from '@/lib/segmentation/use-cases/rules';

export const GET = withAgencyAuth(getRules);
export const PUT = withAgencyAuth(saveRuleChange);
