/** One customer with its policies and contacts, PII per role: the customer API and the customer page. */
import { z } from 'zod';
import { roleHas } from '@/lib/tenancy/permissions';
import { agencyUseCase } from '@/lib/use-case';
import { getCustomer } from '../customers';

export const CustomerParams = z.object({
  customerId: z.uuid('Must be a customer id.').meta({ description: 'The customer’s id (`id` in a list).' }),
});

export const getCustomerDetail = agencyUseCase({
  permission: 'customers:read',
  rateLimit: 'read',
  params: CustomerParams,
  errors: ['not-found'],
  run: ({ agency, db }, { params }) =>
    db((tx) => getCustomer(tx, agency.agencyId, params.customerId, roleHas(agency.role, 'customers:pii'))),
});
