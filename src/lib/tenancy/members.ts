import type { Queryable } from '@/lib/db';
import type { Aliased, FunctionResult } from '@/lib/db/rows';
import { DomainError, notFoundError } from '@/lib/domain-error';
import type { Membership } from './agencies';
import type { AgencyRole } from './permissions';

/**
 * A row of private.agency_member_directory: agency_members' columns joined to auth.users' email,
 * so typed from those tables (a function's own result type cannot say what is never null). The
 * email may be null: Supabase Auth has users who signed up with a phone number.
 */
export type Member = Aliased<'agency_members', { userId: 'user_id'; role: 'role'; joinedAt: 'created_at' }> &
  Aliased<'auth.users', { email: 'email' }>;

export async function listMembers(tx: Queryable, agencyId: string): Promise<Member[]> {
  return tx.query<Member>(`select user_id as "userId", email, role, created_at as "joinedAt" from private.agency_member_directory($1)`, [
    agencyId,
  ]);
}

/** Admins manage everyone but owners (SPEC §3); RLS enforces the same rule underneath. */
function assertMayManage(actor: Membership, targetRole: AgencyRole, newRole?: AgencyRole) {
  if (actor.role === 'owner') return;
  if (targetRole === 'owner' || newRole === 'owner') throw new DomainError('forbidden', 'Only an owner can add, change or remove owners.');
}

async function findMember(tx: Queryable, agencyId: string, userId: string): Promise<Member> {
  const [member] = await tx.query<Member>(
    `select user_id as "userId", email, role, created_at as "joinedAt"
     from private.agency_member_directory($1) where user_id = $2`,
    [agencyId, userId],
  );
  if (!member) throw notFoundError('Member');
  return member;
}

export async function addMember(tx: Queryable, actor: Membership, email: string, role: AgencyRole): Promise<Member> {
  assertMayManage(actor, role);
  const [found] = await tx.query<{ id: FunctionResult<'private.user_id_for_email'> }>('select private.user_id_for_email($1, $2) as id', [
    actor.agencyId,
    email,
  ]);
  if (!found?.id) {
    throw new DomainError('not-found', 'Nobody has signed up with that email yet. Ask them to create an account first.', {
      subject: 'User',
    });
  }
  const inserted = await tx.query(
    `insert into public.agency_members (agency_id, user_id, role) values ($1, $2, $3)
     on conflict (agency_id, user_id) do nothing returning user_id`,
    [actor.agencyId, found.id, role],
  );
  if (inserted.length === 0) throw new DomainError('conflict', 'That user is already a member of this agency.');
  return findMember(tx, actor.agencyId, found.id);
}

export async function changeMemberRole(tx: Queryable, actor: Membership, userId: string, role: AgencyRole): Promise<Member> {
  const target = await findMember(tx, actor.agencyId, userId);
  assertMayManage(actor, target.role, role);
  await tx.query('update public.agency_members set role = $3 where agency_id = $1 and user_id = $2', [actor.agencyId, userId, role]);
  return findMember(tx, actor.agencyId, userId);
}

export async function removeMember(tx: Queryable, actor: Membership, userId: string): Promise<void> {
  const target = await findMember(tx, actor.agencyId, userId);
  assertMayManage(actor, target.role);
  await tx.query('delete from public.agency_members where agency_id = $1 and user_id = $2', [actor.agencyId, userId]);
}
