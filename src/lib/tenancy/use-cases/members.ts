/**
 * Managing an agency's members (SPEC §2): list, add by email, change a role, remove. Owners and
 * admins; only an owner touches owners (src/lib/tenancy/members.ts). A removed member's sessions
 * in the agency end with the removal.
 */
import { z } from 'zod';
import { agencyUseCase } from '@/lib/use-case';
import { addMember, changeMemberRole, listMembers, removeMember } from '../members';
import { AGENCY_ROLES } from '../permissions';

const Role = z.enum(AGENCY_ROLES, { error: `Role must be one of: ${AGENCY_ROLES.join(', ')}.` });
const MemberParams = z.object({
  userId: z.uuid('Must be a user id.').meta({ description: 'The member’s user id, as GET /api/members lists it.' }),
});

export const listAgencyMembers = agencyUseCase({
  permission: 'members:read',
  rateLimit: 'read',
  errors: [],
  run: async ({ agency, db }) => ({ members: await db((tx) => listMembers(tx, agency.agencyId)) }),
});

export const addAgencyMember = agencyUseCase({
  permission: 'members:manage',
  rateLimit: 'write',
  body: z.object({ email: z.string().trim().pipe(z.email('Enter a valid email address.')), role: Role }),
  errors: ['not-found', 'conflict', 'forbidden'],
  run: ({ agency, db }, { body }) => db((tx) => addMember(tx, agency, body.email, body.role)),
});

export const changeAgencyMemberRole = agencyUseCase({
  permission: 'members:manage',
  rateLimit: 'write',
  params: MemberParams,
  body: z.object({ role: Role }),
  errors: ['not-found', 'forbidden', 'conflict'],
  run: async ({ agency, db }, { params, body }) => ({ member: await db((tx) => changeMemberRole(tx, agency, params.userId, body.role)) }),
});

export const removeAgencyMember = agencyUseCase({
  permission: 'members:manage',
  rateLimit: 'write',
  params: MemberParams,
  errors: ['not-found', 'forbidden', 'conflict'],
  run: ({ agency, db }, { params }) => db((tx) => removeMember(tx, agency, params.userId)),
});
