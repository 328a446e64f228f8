-- Per-agency, per-tier sums kept by the refresh, so the dashboard reads a handful of rows.

create table public.customer_segment_totals (
  agency_id uuid not null references public.agencies (id) on delete cascade,
  tier public.customer_tier not null,
  customers integer not null,
  annual_premium numeric(16, 2) not null,
  line_sum bigint not null,
  active_policies bigint not null,
  cross_sell integer not null,
  renewal_watch integer not null default 0,
  primary key (agency_id, tier)
);

alter table public.customer_segment_totals enable row level security;

-- Members read; only the refresh (service role) writes.
create policy customer_segment_totals_select on public.customer_segment_totals for select to authenticated
  using (agency_id in (select private.my_agency_ids()));

grant select on public.customer_segment_totals to authenticated;
grant select, insert, update, delete on public.customer_segment_totals to service_role;
