-- Who belongs to which agency with which role (SPEC §3: owner > admin > agent > viewer).

create table public.agency_members (
  agency_id uuid not null references public.agencies (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role public.agency_role not null,
  created_at timestamptz not null default now(),
  primary key (agency_id, user_id)
);
create index agency_members_user_id_idx on public.agency_members (user_id);

alter table public.agency_members enable row level security;

-- Every member sees the member list; owners manage anyone, admins manage everyone but owners
-- (and cannot make anyone an owner).
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

-- Nobody can demote or remove an agency's last owner.
create trigger agency_members_keep_an_owner
  before update of role or delete on public.agency_members
  for each row execute function private.keep_an_owner();

grant select, insert, update, delete on public.agency_members to authenticated, service_role;
