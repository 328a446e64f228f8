/** GET /api/agencies — the signed-in user's agencies and role in each, and which one is current. */
import { withAgencyAuth } from '@/lib/api/with-agency-auth';

export const GET = withAgencyAuth(
  async ({ memberships, agency }) => ({ agencies: memberships, currentAgencyId: agency?.agencyId ?? null }),
  { permission: null, rateLimit: 'read', scope: 'user' },
);
