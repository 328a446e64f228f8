-- The days there are tier snapshots of (one per refresh day), for the tier migration's date picker.

create table public.insight_refresh_days (
  agency_id uuid not null references public.agencies (id) on delete cascade,
  as_of date not null,
  refreshed_at timestamptz not null default now(),
  primary key (agency_id, as_of)
);

alter table public.insight_refresh_days enable row level security;

-- Derived data: members read; only the refresh (service role) writes.
create policy insight_refresh_days_select on public.insight_refresh_days for select to authenticated
  using (agency_id in (select private.my_agency_ids()));

grant select on public.insight_refresh_days to authenticated;
grant select, insert, update, delete on public.insight_refresh_days to service_role;
