-- The audit trail: append-only, so what members did in an agency can be shown and not rewritten.

create table public.audit_events (
  id bigint generated always as identity primary key,
  agency_id uuid not null references public.agencies (id) on delete cascade,
  actor_id uuid references auth.users (id) on delete set null,
  action text not null check (char_length(action) <= 100),
  details jsonb not null default '{}',
  created_at timestamptz not null default now()
);
create index audit_events_agency_created_idx on public.audit_events (agency_id, created_at desc);

alter table public.audit_events enable row level security;

-- A member records their own actions in their own agency; owners and admins read the trail.
-- Nobody updates or deletes it.
create policy audit_events_select on public.audit_events for select to authenticated
  using (agency_id in (select private.my_agency_ids_with_role('{owner,admin}')));
create policy audit_events_insert on public.audit_events for insert to authenticated
  with check (actor_id = (select auth.uid()) and agency_id in (select private.my_agency_ids()));

grant select, insert on public.audit_events to authenticated;
grant select, insert, update, delete on public.audit_events to service_role;
