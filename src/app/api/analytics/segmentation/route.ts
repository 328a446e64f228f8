/**
 * GET /api/analytics/segmentation — the current agency's tier summary (SPEC §7), any member.
 *   Reads only the aggregates the refresh maintains; an agency without customers gets demo data.
 * POST — scores a posted batch of at most 10,000 customers with the agency's rules; stores nothing.
 */
import { withAgencyAuth } from '@/lib/api/with-agency-auth';
import { ScoreBatchSchema } from '@/lib/insights/batch-schema';
import { loadAgencyRules } from '@/lib/insights/rules-store';
import { getSegmentationSummary, scoreCustomers } from '@/lib/insights/summary';
import { todayIso } from '@/lib/segmentation';

export const GET = withAgencyAuth(async ({ agency, db }) => db((tx) => getSegmentationSummary(tx, agency)), {
  permission: 'analytics:read',
  rateLimit: 'read',
});

export const POST = withAgencyAuth(
  async ({ agency, body, db }) => {
    const methodology = await db((tx) => loadAgencyRules(tx, agency.agencyId));
    const asOf = body.asOf ?? todayIso();
    return { portfolioAnalysis: { asOf, methodology, ...scoreCustomers(body.customers, methodology.rules, asOf) } };
  },
  { permission: 'analytics:read', rateLimit: 'batch', body: ScoreBatchSchema, maxBodyBytes: 8 * 1024 * 1024 },
);
