/**
 * GET /api/members — the current agency's members (any member).
 * POST /api/members — add an existing user by email with a role (owners; admins for non-owners).
 */
import { z } from 'zod';
import { withAgencyAuth } from '@/lib/api/with-agency-auth';
import { addMember, listMembers } from '@/lib/tenancy/members';
import { AGENCY_ROLES } from '@/lib/tenancy/permissions';

const AddMemberBody = z.object({
  email: z.string().trim().pipe(z.email('Enter a valid email address.')),
  role: z.enum(AGENCY_ROLES, { error: `Role must be one of: ${AGENCY_ROLES.join(', ')}.` }),
});

export const GET = withAgencyAuth(async ({ agency, db }) => ({ members: await db((tx) => listMembers(tx, agency.agencyId)) }), {
  permission: 'members:read',
  rateLimit: 'read',
});

export const POST = withAgencyAuth(
  async ({ agency, body, db }) =>
    Response.json({ member: await db((tx) => addMember(tx, agency, body.email, body.role)) }, { status: 201 }),
  { permission: 'members:manage', rateLimit: 'write', body: AddMemberBody },
);
