/**
 * GET /api/customers/:customerId — one customer with policies and contacts. Any member; PII
 * masked for viewers. Another agency's customer answers exactly like a nonexistent one (404).
 */
import { withAgencyAuth } from '@/lib/api/with-agency-auth';
import { getCustomerDetail } from '@/lib/customers/use-cases/get-customer';

export const GET = withAgencyAuth(getCustomerDetail);
