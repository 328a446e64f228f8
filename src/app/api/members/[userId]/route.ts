/**
 * PATCH /api/members/:userId — change a member's role. DELETE — remove them.
 * Owners manage anyone; admins everyone but owners; an agency always keeps one owner.
 */
import { z } from 'zod';
import { withAgencyAuth } from '@/lib/api/with-agency-auth';
import { changeMemberRole, removeMember } from '@/lib/tenancy/members';
import { AGENCY_ROLES } from '@/lib/tenancy/permissions';

const MemberParams = z.object({ userId: z.uuid('Must be a user id.') });
const ChangeRoleBody = z.object({
  role: z.enum(AGENCY_ROLES, { error: `Role must be one of: ${AGENCY_ROLES.join(', ')}.` }),
});

export const PATCH = withAgencyAuth(
  async ({ agency, params, body, db }) => ({ member: await db((tx) => changeMemberRole(tx, agency, params.userId, body.role)) }),
  { permission: 'members:manage', rateLimit: 'write', params: MemberParams, body: ChangeRoleBody },
);

export const DELETE = withAgencyAuth(
  async ({ agency, params, db }) => {
    await db((tx) => removeMember(tx, agency, params.userId));
    return new Response(null, { status: 204 });
  },
  { permission: 'members:manage', rateLimit: 'write', params: MemberParams },
);
