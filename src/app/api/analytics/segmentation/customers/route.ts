/**
 * GET /api/analytics/segmentation/customers?tier=&list=cross-sell|renewal-watch&sort=premium|lines|tenure|renewal|name&limit=&cursor=
 *     &search=&crossSell=true&renewalWithinDays=N — a tier's customers (the drill-down), keyset
 * paginated; sorted by premium unless named (the renewal watch: by renewal date). Any member; PII
 * is masked for roles without PII access (viewers), who search by customer id only and cannot
 * sort by name (400 naming the field).
 */
import { z } from 'zod';
import { withAgencyAuth } from '@/lib/api/with-agency-auth';
import { listTierCustomers, tierListFilters, TierListFiltersSchema } from '@/lib/customers/tier-customers';
import { roleHas } from '@/lib/tenancy/permissions';

const Query = TierListFiltersSchema.extend({
  limit: z.coerce.number({ error: 'Must be a number.' }).int('Must be a whole number.').min(1).max(100).default(25),
  cursor: z
    .string()
    .max(300)
    .regex(/^[A-Za-z0-9_-]+$/, 'Not a cursor returned by this API.')
    .optional(),
});

export const GET = withAgencyAuth(
  async ({ agency, query, db }) =>
    db((tx) =>
      listTierCustomers(tx, agency.agencyId, {
        ...tierListFilters(query),
        limit: query.limit,
        cursor: query.cursor,
        canSeePii: roleHas(agency.role, 'customers:pii'),
      }),
    ),
  { permission: 'customers:read', rateLimit: 'read', query: Query },
);
