/**
 * GET /api/analytics/segmentation/customers?tier=&list=cross-sell|renewal-watch&sort=premium|lines|tenure|renewal&limit=&cursor=
 *     &search=&crossSell=true&renewalWithinDays=N — a tier's customers (the drill-down), keyset
 * paginated. Any member; PII is masked for roles without PII access (viewers).
 */
import { z } from 'zod';
import { withAgencyAuth } from '@/lib/api/with-agency-auth';
import { CUSTOMER_LISTS, LIST_SORTS, listTierCustomers, type CustomerList, type ListSort } from '@/lib/customers/tier-customers';
import { TIERS } from '@/lib/segmentation/tiers';
import { roleHas } from '@/lib/tenancy/permissions';

const Query = z.object({
  tier: z.enum(TIERS).optional(),
  list: z.enum(Object.keys(CUSTOMER_LISTS) as [CustomerList, ...CustomerList[]]).optional(),
  sort: z.enum(LIST_SORTS as [ListSort, ...ListSort[]]).default('premium'),
  limit: z.coerce.number({ error: 'Must be a number.' }).int('Must be a whole number.').min(1).max(100).default(25),
  cursor: z
    .string()
    .max(300)
    .regex(/^[A-Za-z0-9_-]+$/, 'Not a cursor returned by this API.')
    .optional(),
  search: z.string().trim().max(320).optional(),
  crossSell: z.enum(['true', 'false']).optional(),
  renewalWithinDays: z.coerce.number({ error: 'Must be a number.' }).int('Must be a whole number.').min(0).max(366).optional(),
});

export const GET = withAgencyAuth(
  async ({ agency, query, db }) =>
    db((tx) =>
      listTierCustomers(tx, agency.agencyId, {
        tier: query.tier,
        sort: query.sort,
        limit: query.limit,
        cursor: query.cursor,
        search: query.search || undefined,
        crossSellOnly: query.crossSell === 'true',
        renewalWithinDays: query.renewalWithinDays,
        ...(query.list ? CUSTOMER_LISTS[query.list].filters : {}),
        canSeePii: roleHas(agency.role, 'customers:pii'),
      }),
    ),
  { permission: 'customers:read', rateLimit: 'read', query: Query },
);
