/**
 * POST /api/analytics/segmentation/settings/preview — { rules }: the count and premium per tier the
 * agency's book would have under these rules, computed now, nothing stored (owners and admins,
 * who may edit the rules).
 */
import { withAgencyAuth } from '@/lib/api/with-agency-auth';
import { previewRuleChange } from '@/lib/segmentation/use-cases/rules';

export const POST = withAgencyAuth(previewRuleChange);
