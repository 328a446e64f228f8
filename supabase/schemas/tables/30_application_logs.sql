-- Outcomes of background jobs (refresh, import), so owners and admins can see what ran and failed.

create table public.application_logs (
  id bigint generated always as identity primary key,
  agency_id uuid references public.agencies (id) on delete cascade,
  job text not null check (char_length(job) <= 100),
  status text not null check (status in ('ok', 'error')),
  details jsonb not null default '{}',
  created_at timestamptz not null default now()
);
create index application_logs_agency_created_idx on public.application_logs (agency_id, created_at desc);

alter table public.application_logs enable row level security;

-- Written by jobs (service role); owners and admins of the agency read them.
create policy application_logs_select on public.application_logs for select to authenticated
  using (agency_id in (select private.my_agency_ids_with_role('{owner,admin}')));

grant select on public.application_logs to authenticated;
grant select, insert, update, delete on public.application_logs to service_role;
