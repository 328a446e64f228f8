-- Who the caller is to an agency, for every RLS policy; security definer so policies on
-- agency_members can ask without recursing into its own RLS.
-- Bodies name tables created later (tables/): checked when first called, not here.
set check_function_bodies = off;

-- The caller's agencies, evaluated once per statement (an initPlan), not once per row.
create function private.my_agency_ids() returns setof uuid
language sql stable security definer set search_path = ''
as $$
  select agency_id from public.agency_members where user_id = (select auth.uid())
$$;

create function private.my_agency_ids_with_role(allowed public.agency_role[]) returns setof uuid
language sql stable security definer set search_path = ''
as $$
  select agency_id from public.agency_members
  where user_id = (select auth.uid()) and role = any (allowed)
$$;

revoke all on function private.my_agency_ids() from public;
revoke all on function private.my_agency_ids_with_role(public.agency_role[]) from public;
grant execute on function private.my_agency_ids() to authenticated, service_role;
grant execute on function private.my_agency_ids_with_role(public.agency_role[]) to authenticated, service_role;

-- Owners manage anyone, admins everyone but owners (and cannot make anyone an owner).
create function private.may_manage_membership(target_agency uuid, member_role public.agency_role) returns boolean
language sql stable security definer set search_path = ''
as $$
  select target_agency in (select private.my_agency_ids_with_role('{owner}'))
      or (member_role <> 'owner' and target_agency in (select private.my_agency_ids_with_role('{admin}')))
$$;
revoke all on function private.may_manage_membership(uuid, public.agency_role) from public;
grant execute on function private.may_manage_membership(uuid, public.agency_role) to authenticated, service_role;

-- An agency always keeps an owner (trigger agency_members_keep_an_owner). Deleting the agency
-- itself cascades past this check, because the agency row is already gone.
create function private.keep_an_owner() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  -- Two owners demoting each other at once must not both see the other as the remaining
  -- owner: changes to one agency's owners take turns on the agency row.
  perform 1 from public.agencies where id = old.agency_id for update;
  if old.role = 'owner'
     and (tg_op = 'DELETE' or new.role <> 'owner')
     and exists (select 1 from public.agencies where id = old.agency_id)
     and not exists (
       select 1 from public.agency_members
       where agency_id = old.agency_id and role = 'owner' and user_id <> old.user_id
     ) then
    raise exception 'An agency must keep at least one owner.' using errcode = 'SEG01';
  end if;
  return coalesce(new, old);
end
$$;

-- The member list with emails. auth.users is closed to API roles, so this definer function
-- reveals emails only of agencies the caller belongs to.
create function private.agency_member_directory(target_agency uuid)
returns table (user_id uuid, email text, role public.agency_role, created_at timestamptz)
language sql stable security definer set search_path = ''
as $$
  select m.user_id, u.email::text, m.role, m.created_at
  from public.agency_members m
  join auth.users u on u.id = m.user_id
  where m.agency_id = target_agency
    and target_agency in (select private.my_agency_ids())
  order by u.email
$$;

-- Finding a user by email to add them: only for owners and admins of the target agency. (It
-- tells them whether an email has an account at all; Supabase's invite flow would hide that.)
create function private.user_id_for_email(target_agency uuid, lookup_email text) returns uuid
language sql stable security definer set search_path = ''
as $$
  select u.id from auth.users u
  where lower(u.email) = lower(lookup_email)
    and target_agency in (select private.my_agency_ids_with_role('{owner,admin}'))
$$;

revoke all on function private.agency_member_directory(uuid) from public;
revoke all on function private.user_id_for_email(uuid, text) from public;
grant execute on function private.agency_member_directory(uuid) to authenticated;
grant execute on function private.user_id_for_email(uuid, text) to authenticated;
