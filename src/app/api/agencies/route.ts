/** GET /api/agencies — the signed-in user's agencies and role in each, and which one is current. */
import { withAgencyAuth } from '@/lib/api/with-agency-auth';
import { listMyAgencies } from '@/lib/tenancy/use-cases/agencies';

export const GET = withAgencyAuth(listMyAgencies);
