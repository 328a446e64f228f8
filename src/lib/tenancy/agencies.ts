import type { Queryable } from '@/lib/db';
import type { Aliased, Columns } from '@/lib/db/rows';

export type Membership = Aliased<'agencies', { agencyId: 'id' }> & Columns<'agencies', 'name' | 'slug'> & Columns<'agency_members', 'role'>;

/**
 * The caller's agencies (RLS: only their own memberships are visible), by name. Every API request
 * runs this. `(select auth.uid())` is read once per statement and looked up in
 * agency_members_user_id_idx; a bare `auth.uid()` is inlined, parses the claims on every row and
 * scans every agency's members (the RLS functions in supabase/schemas/functions/tenancy.sql
 * write it the same way).
 */
export async function listMyMemberships(tx: Queryable): Promise<Membership[]> {
  return tx.query<Membership>(
    `select a.id as "agencyId", a.name, a.slug, m.role
     from public.agency_members m
     join public.agencies a on a.id = m.agency_id
     where m.user_id = (select auth.uid())
     order by a.name, a.id`,
  );
}

/**
 * The agency a request acts on: the requested one if the caller is a member of it, else their
 * first agency when none was requested. An agency that is not theirs — another agency's or a
 * nonexistent id — gives the same answer: null.
 */
export function chooseAgency(memberships: Membership[], requestedId: string | null | undefined): Membership | null {
  if (requestedId) return memberships.find((m) => m.agencyId === requestedId.toLowerCase()) ?? null;
  return memberships[0] ?? null;
}

/**
 * The agency chosen in the switcher (a cookie: only a preference), or the first agency when that
 * choice is missing or no longer one of the caller's.
 */
export function preferredAgency(memberships: Membership[], preferredId: string | null | undefined): Membership | null {
  return chooseAgency(memberships, preferredId) ?? chooseAgency(memberships, null);
}
