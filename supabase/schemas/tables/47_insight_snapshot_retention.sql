-- Retention over the 12 months to a month-end snapshot day (SPEC §11), by cohort: 'all',
-- 'tier:<tier then>', 'lines:1' | 'lines:2' | 'lines:3+' (distinct lines then). Written by
-- private.record_retention from the tier history when history reaches 12 months back.

create table public.insight_snapshot_retention (
  agency_id uuid not null,
  as_of date not null,
  cohort text not null,
  -- Customers in force 12 months before, and of those, in force on the day.
  customers_then integer not null,
  customers_retained integer not null,
  -- (customer, line) pairs in force then, and of those, in force on the day (a rewrite is kept).
  lines_then integer not null,
  lines_retained integer not null,
  -- The cohort's premium then, and its premium on the day (new lines included: may exceed then).
  premium_then numeric(16, 2) not null,
  premium_now numeric(16, 2) not null,
  primary key (agency_id, as_of, cohort),
  foreign key (agency_id, as_of) references public.insight_refresh_days (agency_id, as_of) on delete cascade
);

alter table public.insight_snapshot_retention enable row level security;

-- Derived data: members read; only the refresh and the backfill (service role) write.
create policy insight_snapshot_retention_select on public.insight_snapshot_retention for select to authenticated
  using (agency_id in (select private.my_agency_ids()));

grant select on public.insight_snapshot_retention to authenticated;
grant select, insert, update, delete on public.insight_snapshot_retention to service_role;
