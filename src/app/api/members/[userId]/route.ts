/**
 * PATCH /api/members/:userId — change a member's role. DELETE — remove them.
 * Owners manage anyone; admins everyone but owners; an agency always keeps one owner.
 */
import { noContent } from '@/lib/api/presenters';
import { withAgencyAuth } from '@/lib/api/with-agency-auth';
import { changeAgencyMemberRole, removeAgencyMember } from '@/lib/tenancy/use-cases/members';

export const PATCH = withAgencyAuth(changeAgencyMemberRole);
export const DELETE = withAgencyAuth(removeAgencyMember, noContent);
