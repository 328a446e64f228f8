-- One row per agency per refresh (when, as of which date, with which rules, how many inactive):
-- with customer_segment_totals, the whole summary, at a cost independent of the book's size.

create table public.agency_insight_summaries (
  agency_id uuid primary key references public.agencies (id) on delete cascade,
  as_of date not null,
  computed_at timestamptz not null,
  rules jsonb not null,
  rules_version integer not null,
  inactive_customers integer not null
);

alter table public.agency_insight_summaries enable row level security;

-- Members read; only the refresh (service role) writes.
create policy agency_insight_summaries_select on public.agency_insight_summaries for select to authenticated
  using (agency_id in (select private.my_agency_ids()));

grant select on public.agency_insight_summaries to authenticated;
grant select, insert, update, delete on public.agency_insight_summaries to service_role;
