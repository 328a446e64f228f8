/**
 * PUT /api/agencies/current — switch agency. Member of it: the choice is stored in a cookie
 * (re-checked on every request). Not a member, or no such agency: the same 404.
 */
import { rememberAgency } from '@/lib/api/presenters';
import { withAgencyAuth } from '@/lib/api/with-agency-auth';
import { switchAgency } from '@/lib/tenancy/use-cases/agencies';

export const PUT = withAgencyAuth(switchAgency, rememberAgency);
