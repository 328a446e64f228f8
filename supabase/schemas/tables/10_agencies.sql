-- The tenant: every other row belongs to one agency and is reachable only by its members.
-- Deleting an agency also deletes its tier history (trigger in 44_customer_tier_history.sql).

create table public.agencies (
  id uuid primary key default gen_random_uuid(),
  name text not null check (char_length(name) between 1 and 200),
  slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and char_length(slug) <= 64),
  created_at timestamptz not null default now()
);

alter table public.agencies enable row level security;

-- Members read; owners and admins rename; owners delete. Agencies are created by the service
-- (provisioning, seed), so there is no insert policy for users.
create policy agencies_select on public.agencies for select to authenticated
  using (id in (select private.my_agency_ids()));
create policy agencies_update on public.agencies for update to authenticated
  using (id in (select private.my_agency_ids_with_role('{owner,admin}')))
  with check (id in (select private.my_agency_ids_with_role('{owner,admin}')));
create policy agencies_delete on public.agencies for delete to authenticated
  using (id in (select private.my_agency_ids_with_role('{owner}')));

grant select, insert, update, delete on public.agencies to authenticated, service_role;
