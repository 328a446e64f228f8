-- A snapshot day's per-tier totals (SPEC §11): what comparisons and trends read, a few rows a day
-- whatever the book's size. Written by the refresh (a copy of customer_segment_totals) and by the
-- backfill (from the tier history).

create table public.insight_snapshot_totals (
  agency_id uuid not null,
  as_of date not null,
  tier public.customer_tier not null,
  customers integer not null,
  annual_premium numeric(16, 2) not null,
  line_sum bigint not null,
  active_policies bigint not null,
  cross_sell integer not null,
  -- Null for backfilled days: a renewal window looks forward from the day, which history cannot.
  renewal_watch integer,
  primary key (agency_id, as_of, tier),
  foreign key (agency_id, as_of) references public.insight_refresh_days (agency_id, as_of) on delete cascade
);

alter table public.insight_snapshot_totals enable row level security;

-- Derived data: members read; only the refresh and the backfill (service role) write.
create policy insight_snapshot_totals_select on public.insight_snapshot_totals for select to authenticated
  using (agency_id in (select private.my_agency_ids()));

grant select on public.insight_snapshot_totals to authenticated;
grant select, insert, update, delete on public.insight_snapshot_totals to service_role;
