/**
 * The drill-down: a tier's (or a working list's) customers, a page at a time. One use case for
 * the list API and the list page, so both take the same filters under the same names
 * (`renewalWithinDays`, `crossSell`, …) and refuse the same things with the same words.
 */
import { roleHas } from '@/lib/tenancy/permissions';
import { agencyUseCase } from '@/lib/use-case';
import { agencyHasCustomers } from '../customers';
import { pageQuery } from '../paging';
import { listTierCustomers, tierListFilters, TierListFiltersSchema } from '../tier-customers';

export const ListCustomersQuery = TierListFiltersSchema.extend(pageQuery(300).shape);

export const listCustomersInView = agencyUseCase({
  permission: 'customers:read',
  rateLimit: 'read',
  query: ListCustomersQuery,
  errors: ['invalid'],
  run: ({ agency, db }, { query }) =>
    db(async (tx) => {
      const page = await listTierCustomers(tx, agency.agencyId, {
        ...tierListFilters(query),
        limit: query.limit,
        cursor: query.cursor,
        canSeePii: roleHas(agency.role, 'customers:pii'),
      });
      // Only an empty first page needs to know why it is empty: no match, or no book at all.
      const bookIsEmpty = page.customers.length === 0 && !query.cursor ? !(await agencyHasCustomers(tx, agency.agencyId)) : false;
      return { ...page, bookIsEmpty };
    }),
});
