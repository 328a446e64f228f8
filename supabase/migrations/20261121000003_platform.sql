-- Platform tables: job outcomes, the audit trail, and the shared rate-limit store.

create table public.application_logs (
  id bigint generated always as identity primary key,
  agency_id uuid references public.agencies (id) on delete cascade,
  job text not null check (char_length(job) <= 100),
  status text not null check (status in ('ok', 'error')),
  details jsonb not null default '{}',
  created_at timestamptz not null default now()
);
create index application_logs_agency_created_idx on public.application_logs (agency_id, created_at desc);

create table public.audit_events (
  id bigint generated always as identity primary key,
  agency_id uuid not null references public.agencies (id) on delete cascade,
  actor_id uuid references auth.users (id) on delete set null,
  action text not null check (char_length(action) <= 100),
  details jsonb not null default '{}',
  created_at timestamptz not null default now()
);
create index audit_events_agency_created_idx on public.audit_events (agency_id, created_at desc);

alter table public.application_logs enable row level security;
alter table public.audit_events enable row level security;

-- application_logs: written by jobs (service role); owners and admins of the agency read them.
create policy application_logs_select on public.application_logs for select to authenticated
  using (agency_id in (select private.my_agency_ids_with_role('{owner,admin}')));

-- audit_events: append-only. A member records their own actions in their own agency; owners
-- and admins read the trail. Nobody updates or deletes it.
create policy audit_events_select on public.audit_events for select to authenticated
  using (agency_id in (select private.my_agency_ids_with_role('{owner,admin}')));
create policy audit_events_insert on public.audit_events for insert to authenticated
  with check (actor_id = (select auth.uid()) and agency_id in (select private.my_agency_ids()));

grant select on public.application_logs to authenticated;
grant select, insert on public.audit_events to authenticated;
grant select, insert, update, delete on public.application_logs, public.audit_events to service_role;

-- Fixed-window counters shared by every replica of the app. Only the server touches them
-- (as the table owner): no API role has any grant, and RLS is on with no policy.
create table private.rate_limit_buckets (
  key text primary key,
  window_started_at timestamptz not null,
  hits integer not null
);
alter table private.rate_limit_buckets enable row level security;
