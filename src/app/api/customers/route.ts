/**
 * GET /api/customers — the current agency's customers, by customer id, with keyset pagination
 * (`limit`, `cursor`). Any member; PII is masked for roles without PII access (viewers).
 */
import { z } from 'zod';
import { withAgencyAuth } from '@/lib/api/with-agency-auth';
import { listCustomers } from '@/lib/customers/customers';
import { roleHas } from '@/lib/tenancy/permissions';

const ListQuery = z.object({
  limit: z.coerce.number({ error: 'Must be a number.' }).int('Must be a whole number.').min(1).max(100).default(25),
  cursor: z
    .string()
    .max(200)
    .regex(/^[A-Za-z0-9_-]+$/, 'Not a cursor returned by this API.')
    .optional(),
});

export const GET = withAgencyAuth(
  async ({ agency, query, db }) =>
    db((tx) => listCustomers(tx, agency.agencyId, { ...query, canSeePii: roleHas(agency.role, 'customers:pii') })),
  { permission: 'customers:read', rateLimit: 'read', query: ListQuery },
);
