-- Tenancy: agencies, their members, and the helpers every RLS policy uses.
-- Roles follow SPEC §3: owner > admin > agent > viewer.

create schema if not exists private;
grant usage on schema private to authenticated, service_role;

create type public.agency_role as enum ('owner', 'admin', 'agent', 'viewer');

create table public.agencies (
  id uuid primary key default gen_random_uuid(),
  name text not null check (char_length(name) between 1 and 200),
  slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and char_length(slug) <= 64),
  created_at timestamptz not null default now()
);

create table public.agency_members (
  agency_id uuid not null references public.agencies (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role public.agency_role not null,
  created_at timestamptz not null default now(),
  primary key (agency_id, user_id)
);
create index agency_members_user_id_idx on public.agency_members (user_id);

-- The caller's agencies, evaluated once per statement (an initPlan), not once per row.
-- security definer so that policies on agency_members can use it without recursing into RLS.
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

alter table public.agencies enable row level security;
alter table public.agency_members enable row level security;

-- agencies: members read; owners and admins rename; owners delete. Agencies are created by the
-- service (provisioning, seed), so there is no insert policy for users.
create policy agencies_select on public.agencies for select to authenticated
  using (id in (select private.my_agency_ids()));
create policy agencies_update on public.agencies for update to authenticated
  using (id in (select private.my_agency_ids_with_role('{owner,admin}')))
  with check (id in (select private.my_agency_ids_with_role('{owner,admin}')));
create policy agencies_delete on public.agencies for delete to authenticated
  using (id in (select private.my_agency_ids_with_role('{owner}')));

-- agency_members: every member sees the member list; owners manage anyone, admins manage
-- everyone but owners (and cannot make anyone an owner).
create function private.may_manage_membership(target_agency uuid, member_role public.agency_role) returns boolean
language sql stable security definer set search_path = ''
as $$
  select target_agency in (select private.my_agency_ids_with_role('{owner}'))
      or (member_role <> 'owner' and target_agency in (select private.my_agency_ids_with_role('{admin}')))
$$;
revoke all on function private.may_manage_membership(uuid, public.agency_role) from public;
grant execute on function private.may_manage_membership(uuid, public.agency_role) to authenticated, service_role;

create policy agency_members_select on public.agency_members for select to authenticated
  using (agency_id in (select private.my_agency_ids()));
create policy agency_members_insert on public.agency_members for insert to authenticated
  with check (private.may_manage_membership(agency_id, role));
-- using: the row as it is (an admin cannot touch an owner); with check: the row as it becomes
-- (an admin cannot make an owner).
create policy agency_members_update on public.agency_members for update to authenticated
  using (private.may_manage_membership(agency_id, role))
  with check (private.may_manage_membership(agency_id, role));
create policy agency_members_delete on public.agency_members for delete to authenticated
  using (private.may_manage_membership(agency_id, role));

-- An agency always keeps an owner: nobody can demote or remove the last one. (Deleting the
-- agency itself cascades past this check, because the agency row is already gone.)
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

create trigger agency_members_keep_an_owner
  before update of role or delete on public.agency_members
  for each row execute function private.keep_an_owner();

grant usage on schema public to anon, authenticated, service_role;
grant select, insert, update, delete on public.agencies, public.agency_members to authenticated, service_role;

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
