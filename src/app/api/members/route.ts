/**
 * GET /api/members — the current agency's members (any member).
 * POST /api/members — add an existing user by email with a role (owners; admins for non-owners).
 */
import { created } from '@/lib/api/presenters';
import { withAgencyAuth } from '@/lib/api/with-agency-auth';
import { addAgencyMember, listAgencyMembers } from '@/lib/tenancy/use-cases/members';

export const GET = withAgencyAuth(listAgencyMembers);
export const POST = withAgencyAuth(addAgencyMember, created('member'));
