/** The whole book, a page at a time in customer-id order (API clients that sync the book). */
import { roleHas } from '@/lib/tenancy/permissions';
import { agencyUseCase } from '@/lib/use-case';
import { listCustomers } from '../customers';
import { pageQuery } from '../paging';

const ListQuery = pageQuery(200);

export const listBook = agencyUseCase({
  permission: 'customers:read',
  rateLimit: 'read',
  query: ListQuery,
  errors: ['invalid'],
  run: ({ agency, db }, { query }) =>
    db((tx) => listCustomers(tx, agency.agencyId, { ...query, canSeePii: roleHas(agency.role, 'customers:pii') })),
});
