-- Tier migration and snapshots (SPEC §9, §11): a row when a customer's tier, premium, lines or
-- policy count changes; a day's snapshot is each customer's latest row on or before that day,
-- exactly, without copying every tier daily.

-- No foreign keys: checking one per history row (a lock on the customer, or on the agency) cost
-- more than writing the row: seconds at a million customers. Rows are only ever read through
-- their customer, so a deleted customer's history is unreachable (db:check counts any); a
-- deleted agency's history goes with it (trigger below).
create table public.customer_tier_history (
  agency_id uuid not null,
  customer_id uuid not null,
  valid_from date not null,
  -- null: no policy in force from that day (inactive).
  tier public.customer_tier,
  annual_premium numeric(14, 2) not null,
  primary key (customer_id, valid_from),
  -- Distinct lines and policies in force: what retention by lines and the snapshot totals read.
  lines text[] not null default '{}',
  active_policies integer not null default 0
);
-- Movers: the customers with a row in a period; snapshots and retention: each customer's latest row.
create index customer_tier_history_agency_day_idx on public.customer_tier_history (agency_id, valid_from);
create index customer_tier_history_agency_customer_idx on public.customer_tier_history (agency_id, customer_id, valid_from);

create trigger agencies_delete_tier_history after delete on public.agencies
  for each row execute function private.delete_agency_tier_history();

alter table public.customer_tier_history enable row level security;

-- Derived data like customer_insights: members read; only the refresh (service role) writes.
create policy customer_tier_history_select on public.customer_tier_history for select to authenticated
  using (agency_id in (select private.my_agency_ids()));

grant select on public.customer_tier_history to authenticated;
grant select, insert, update, delete on public.customer_tier_history to service_role;
