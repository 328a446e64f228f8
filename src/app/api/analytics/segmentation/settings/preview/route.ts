/**
 * POST /api/analytics/segmentation/settings/preview — { rules }: the count and premium per tier the
 * agency's book would have under these rules, computed now, nothing stored (owners and admins,
 * who may edit the rules).
 */
import { z } from 'zod';
import { withAgencyAuth } from '@/lib/api/with-agency-auth';
import { previewRules } from '@/lib/insights/rules-editor';
import { SegmentationRulesSchema } from '@/lib/segmentation/rules-schema';

const PreviewBody = z.object({ rules: SegmentationRulesSchema });

export const POST = withAgencyAuth(async ({ agency, body, db }) => db((tx) => previewRules(tx, agency.agencyId, body.rules)), {
  permission: 'rules:write',
  rateLimit: 'batch',
  body: PreviewBody,
});
