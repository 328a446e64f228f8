/**
 * GET /api/analytics/segmentation/settings — the agency's tier rules, version and history (members).
 * PUT /api/analytics/segmentation/settings — { rules, expectedVersion }: saves the next version and
 *     recomputes the agency's tiers; answers the new settings and summary (owners and admins).
 */
import { z } from 'zod';
import { ApiError } from '@/lib/api/problem';
import { withAgencyAuth } from '@/lib/api/with-agency-auth';
import { refreshAgency } from '@/lib/insights/refresh';
import { getRuleSettings, saveRules } from '@/lib/insights/rules-editor';
import { getSegmentationSummary } from '@/lib/insights/summary';
import { SegmentationRulesSchema } from '@/lib/segmentation/rules-schema';

export const GET = withAgencyAuth(async ({ agency, db }) => db((tx) => getRuleSettings(tx, agency.agencyId)), {
  permission: 'analytics:read',
  rateLimit: 'read',
});

const SaveBody = z.object({ rules: SegmentationRulesSchema, expectedVersion: z.number().int().min(1) });

export const PUT = withAgencyAuth(
  async ({ agency, session, body, db }) => {
    await db((tx) => saveRules(tx, agency.agencyId, session.userId, body.rules, body.expectedVersion));
    const refreshed = await refreshAgency(agency.agencyId, { mode: 'agency' });
    if (refreshed.status === 'error') {
      throw new ApiError(
        503,
        'refresh-failed',
        'Saved, not yet applied',
        'The rules were saved, but the tiers could not be recomputed just now. Use Refresh on the dashboard.',
      );
    }
    return db(async (tx) => ({ settings: await getRuleSettings(tx, agency.agencyId), summary: await getSegmentationSummary(tx, agency) }));
  },
  { permission: 'rules:write', rateLimit: 'write', body: SaveBody },
);
