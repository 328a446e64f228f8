-- Each customer's derived metrics and tier as of the last refresh: what lists and exports read.
-- The as-of day is the agency's (agency_insight_summaries.as_of), and tenure is figured from
-- tenure_start when read: a new day then rewrites only the customers whose policies changed.

create table public.customer_insights (
  customer_id uuid primary key,
  agency_id uuid not null,
  annual_premium numeric(14, 2) not null default 0,
  active_policy_count integer not null default 0,
  distinct_lines integer not null default 0,
  lines text[] not null default '{}',
  first_policy_date date,
  next_renewal_date date,
  -- null when the customer has no active policy (inactive: no tier).
  tier public.customer_tier,
  tier_changed_at timestamptz,
  computed_at timestamptz not null default now(),
  -- The earlier of the first policy's effective date and customer_since.
  tenure_start date,
  foreign key (agency_id, customer_id) references public.customers (agency_id, id) on delete cascade
);
-- The dashboard aggregate reads only this index (index-only scan), whatever the book size.
create index customer_insights_agency_tier_idx on public.customer_insights (agency_id, tier)
  include (annual_premium, distinct_lines, active_policy_count);
create index customer_insights_agency_idx on public.customer_insights (agency_id) where tier is null;
-- The drill-down's default order (a tier by premium), read from the index alone.
create index customer_insights_agency_tier_premium_idx on public.customer_insights (agency_id, tier, annual_premium desc, customer_id desc);

alter table public.customer_insights enable row level security;

-- Derived data: members read; only the refresh (service role) writes, so there are deliberately
-- no insert, update or delete policies for users.
create policy customer_insights_select on public.customer_insights for select to authenticated
  using (agency_id in (select private.my_agency_ids()));

grant select, insert, update, delete on public.customer_insights to service_role;
grant select on public.customer_insights to authenticated;
