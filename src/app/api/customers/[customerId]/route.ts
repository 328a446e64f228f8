/**
 * GET /api/customers/:customerId — one customer with policies and contacts. Any member; PII
 * masked for viewers. Another agency's customer answers exactly like a nonexistent one (404).
 */
import { z } from 'zod';
import { withAgencyAuth } from '@/lib/api/with-agency-auth';
import { getCustomer } from '@/lib/customers/customers';
import { roleHas } from '@/lib/tenancy/permissions';

const CustomerParams = z.object({ customerId: z.uuid('Must be a customer id.') });

export const GET = withAgencyAuth(
  async ({ agency, params, db }) => db((tx) => getCustomer(tx, agency.agencyId, params.customerId, roleHas(agency.role, 'customers:pii'))),
  { permission: 'customers:read', rateLimit: 'read', params: CustomerParams },
);
