/**
 * PUT /api/agencies/current — switch agency. Member of it: the choice is stored in a cookie
 * (re-checked on every request). Not a member, or no such agency: the same 404.
 */
import { z } from 'zod';
import { AGENCY_COOKIE, applyCookies, sessionCookieOptions } from '@/lib/auth/cookies';
import { isHttpsRequest } from '@/lib/http/forwarded';
import { notFound } from '@/lib/api/problem';
import { withAgencyAuth } from '@/lib/api/with-agency-auth';
import { chooseAgency } from '@/lib/tenancy/agencies';

const SwitchBody = z.object({ agencyId: z.uuid('Must be an agency id.') });
const ONE_YEAR = 365 * 24 * 60 * 60;

export const PUT = withAgencyAuth(
  async ({ body, memberships, request }) => {
    const chosen = chooseAgency(memberships, body.agencyId);
    if (!chosen) throw notFound('Agency');
    return applyCookies(Response.json({ agency: chosen }), [
      { name: AGENCY_COOKIE, value: chosen.agencyId, options: sessionCookieOptions(isHttpsRequest(request), ONE_YEAR) },
    ]);
  },
  { permission: null, rateLimit: 'write', scope: 'user', body: SwitchBody },
);
