-- The snapshot days (SPEC §11): one per refresh day, and the month-ends the backfill computed from
-- policy dates. A day's figures are in insight_snapshot_totals; its customers' states are the
-- tier history's latest rows on or before it.

create table public.insight_refresh_days (
  agency_id uuid not null references public.agencies (id) on delete cascade,
  as_of date not null,
  refreshed_at timestamptz not null default now(),
  primary key (agency_id, as_of),
  source text not null default 'refresh' check (source in ('refresh', 'backfill')),
  -- Null on days recorded before snapshots kept their figures (issue 11).
  inactive_customers integer,
  rules_version integer,
  -- When the day's retention was last figured (month-ends with a snapshot a year before them;
  -- private.record_retention_on), even when no one was in force then and it wrote no cohort. Null:
  -- still to figure, which every refresh does next (src/lib/segmentation/retention-recording.ts);
  -- a refresh of the day sets it back to null.
  retention_recorded_at timestamptz
);

alter table public.insight_refresh_days enable row level security;

-- Derived data: members read; only the refresh (service role) writes.
create policy insight_refresh_days_select on public.insight_refresh_days for select to authenticated
  using (agency_id in (select private.my_agency_ids()));

grant select on public.insight_refresh_days to authenticated;
grant select, insert, update, delete on public.insight_refresh_days to service_role;
