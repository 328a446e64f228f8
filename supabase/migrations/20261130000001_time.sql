-- Time (issue 11, SPEC §11): when a policy is in force on a day, snapshots that keep their
-- figures, month-end backfill and retention. Current definitions: supabase/schemas/functions/
-- policy_in_force.sql, snapshots.sql, refresh_agency_insights.sql and tables 22, 23, 44–47.

-- The day a policy stops being in force (SPEC §11), stored on policies.ends_on; the same rule as
-- policyEndsOn in src/lib/segmentation/in-force.ts (the parity test holds them together).
-- A policy is in force on a day D when effective_date <= D < ends_on (no end: open).
--   active:    its cancellation date or its expiration date, whichever comes first.
--   cancelled: its cancellation date (or expiration, if earlier); without a cancellation date it
--              counts as never in force: ends the day it starts.
--   expired:   the first of the day an import marked it expired, its expiration and its
--              cancellation date; without the day it was marked (every import records it),
--              never in force.
create function public.policy_ends_on(status public.policy_status, effective_date date, expiration_date date,
  cancellation_date date, expired_on date) returns date
language sql immutable parallel safe
as $$
  select case status
    when 'active' then least(cancellation_date, expiration_date)
    when 'cancelled' then case when cancellation_date is null then effective_date else least(cancellation_date, expiration_date) end
    else case when expired_on is null then effective_date else least(expired_on, expiration_date, cancellation_date) end
  end
$$;

alter table public.policies
  add column cancellation_date date,
  add column expired_on date,
  add column ends_on date generated always as (public.policy_ends_on(status, effective_date, expiration_date, cancellation_date, expired_on)) stored,
  add constraint policies_cancellation_after_effective check (cancellation_date is null or cancellation_date >= effective_date);
-- Policies already expired ended, at the latest, when they were last written.
update public.policies set expired_on = updated_at::date where status = 'expired';
create index policies_agency_effective_idx on public.policies (agency_id, effective_date);
create index policies_agency_ends_idx on public.policies (agency_id, ends_on);

-- The as-of day is the agency's, and tenure is figured when read: a new day no longer rewrites
-- every customer's row.
alter table public.customer_insights add column tenure_start date;
update public.customer_insights i set tenure_start = least(i.first_policy_date, c.customer_since)
from public.customers c where c.id = i.customer_id;
alter table public.customer_insights drop column as_of, drop column tenure_years;

alter table public.customer_tier_history
  add column lines text[] not null default '{}',
  add column active_policies integer not null default 0;
-- Each customer's latest row describes its insights as they are now.
update public.customer_tier_history h set lines = i.lines, active_policies = i.active_policy_count
from public.customer_insights i
where i.customer_id = h.customer_id
  and h.valid_from = (select max(l.valid_from) from public.customer_tier_history l where l.customer_id = h.customer_id);
create index customer_tier_history_agency_day_idx on public.customer_tier_history (agency_id, valid_from);
create index customer_tier_history_agency_customer_idx on public.customer_tier_history (agency_id, customer_id, valid_from);

alter table public.insight_refresh_days
  add column source text not null default 'refresh' check (source in ('refresh', 'backfill')),
  add column inactive_customers integer,
  add column rules_version integer;

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

-- The last refresh day of each agency keeps its figures as a snapshot.
update public.insight_refresh_days d set inactive_customers = s.inactive_customers, rules_version = s.rules_version
from public.agency_insight_summaries s where s.agency_id = d.agency_id and s.as_of = d.as_of;
insert into public.insight_snapshot_totals (agency_id, as_of, tier, customers, annual_premium, line_sum, active_policies, cross_sell,
  renewal_watch)
select t.agency_id, s.as_of, t.tier, t.customers, t.annual_premium, t.line_sum, t.active_policies, t.cross_sell, t.renewal_watch
from public.customer_segment_totals t
join public.agency_insight_summaries s on s.agency_id = t.agency_id
join public.insight_refresh_days d on d.agency_id = s.agency_id and d.as_of = s.as_of;

-- Snapshots over time (SPEC §11): each customer's state on a day, computed from policy dates;
-- a backfilled month-end; a snapshot's totals and retention read from the tier history.
-- Called by private.refresh_agency_insights and by src/lib/segmentation/backfill.ts.

-- Each targeted customer's state on a day: premium and distinct lines of the policies in force
-- (effective_date <= day < ends_on), and its tier by the rules (ranked by tier_order; the last
-- tier takes every customer in force who meets no rule; none in force: no tier).
-- Targets: every customer of the agency when boundaries_after is null; otherwise only those with
-- a policy that started or ended in (boundaries_after, target_date], or (when changed_since is
-- given) a policy or customer row written since then: nobody else's state can have changed.
create function private.customer_states_on(target_agency uuid, target_date date, target_rules jsonb,
  tier_order public.customer_tier[], changed_since timestamptz, boundaries_after date)
returns table (customer_id uuid, premium numeric, active_count integer, line_count integer, lines text[],
  first_policy_date date, tenure_start date, next_renewal_date date, tier public.customer_tier)
language plpgsql security definer set search_path = ''
as $$
begin
  drop table if exists pg_temp.state_targets;
  create temp table state_targets (id uuid primary key, customer_since date) on commit drop;
  if boundaries_after is null then
    insert into pg_temp.state_targets select c.id, c.customer_since from public.customers c where c.agency_id = target_agency;
  else
    insert into pg_temp.state_targets
    select c.id, c.customer_since from public.customers c
    where c.agency_id = target_agency and c.id in (
      select p.customer_id from public.policies p
      where p.agency_id = target_agency and p.effective_date > boundaries_after and p.effective_date <= target_date
      union
      select p.customer_id from public.policies p
      where p.agency_id = target_agency and p.ends_on > boundaries_after and p.ends_on <= target_date
      union
      select p.customer_id from public.policies p where p.agency_id = target_agency and p.updated_at >= changed_since
      union
      select changed.id from public.customers changed where changed.agency_id = target_agency and changed.updated_at >= changed_since);
  end if;
  analyze pg_temp.state_targets;

  return query
  with rule_rows as (
    select ruled.rank, ruled.tier,
           (rule ->> 'minPremium')::numeric as min_premium, (rule ->> 'minLines')::integer as min_lines
    from unnest(tier_order) with ordinality as ruled (tier, rank)
    cross join lateral jsonb_array_elements(target_rules -> ruled.tier::text) as rule
    where ruled.rank < cardinality(tier_order)
  ),
  metrics as (
    select t.id, t.customer_since,
           coalesce(sum(p.annual_premium) filter (where p.in_force), 0) as premium,
           (count(*) filter (where p.in_force))::integer as active_count,
           (count(distinct p.line_key) filter (where p.in_force))::integer as line_count,
           coalesce(array_agg(distinct p.line_key order by p.line_key) filter (where p.in_force), '{}') as lines,
           min(p.effective_date) as first_policy_date,
           min(p.expiration_date) filter (where p.in_force) as next_renewal_date
    from pg_temp.state_targets t
    -- A join the planner may hash (every customer) or look up by customer (a few).
    left join (
      select q.customer_id, q.annual_premium, q.line_key, q.effective_date, q.expiration_date,
             (q.effective_date <= target_date and (q.ends_on is null or q.ends_on > target_date)) as in_force
      from public.policies q where q.agency_id = target_agency
    ) p on p.customer_id = t.id
    group by t.id, t.customer_since
  )
  select m.id, m.premium, m.active_count, m.line_count, m.lines, m.first_policy_date,
         least(m.first_policy_date, m.customer_since),
         m.next_renewal_date,
         case when m.active_count = 0 then null
              else coalesce((select r.tier from rule_rows r
                             where m.premium >= r.min_premium and m.line_count >= r.min_lines
                             order by r.rank limit 1), tier_order[cardinality(tier_order)])
         end
  from metrics m;
end
$$;

-- Each customer's state on a day as the tier history holds it (latest row on or before it).
-- Called only by the security-definer functions here, so it is a plain SQL function the planner
-- can inline; newest first per customer, the order a backward scan of the (agency, customer, day)
-- index gives without a sort.
create function private.history_states_on(target_agency uuid, target_date date)
returns table (customer_id uuid, tier public.customer_tier, annual_premium numeric, lines text[], active_policies integer)
language sql stable
as $$
  select distinct on (h.customer_id) h.customer_id, h.tier, h.annual_premium, h.lines, h.active_policies
  from public.customer_tier_history h
  where h.agency_id = target_agency and h.valid_from <= target_date
  order by h.customer_id desc, h.valid_from desc
$$;

-- A backfilled day's totals, from the tier history (the refresh copies its live totals instead).
create function private.record_history_totals(target_agency uuid, target_date date, valued_tiers public.customer_tier[],
  cross_sell_line_count integer)
returns void
language plpgsql security definer set search_path = ''
as $$
begin
  delete from public.insight_snapshot_totals where agency_id = target_agency and as_of = target_date;
  with grouped as (
    select s.tier, count(*)::integer as customers, coalesce(sum(s.annual_premium), 0) as premium,
           coalesce(sum(cardinality(s.lines)), 0) as line_sum, coalesce(sum(s.active_policies), 0) as policies,
           (count(*) filter (where s.tier = any (valued_tiers) and cardinality(s.lines) = cross_sell_line_count))::integer as cross_sell
    from private.history_states_on(target_agency, target_date) s
    group by s.tier
  ),
  totals as (
    insert into public.insight_snapshot_totals (agency_id, as_of, tier, customers, annual_premium, line_sum, active_policies, cross_sell)
    select target_agency, target_date, g.tier, g.customers, g.premium, g.line_sum, g.policies, g.cross_sell
    from grouped g where g.tier is not null
  )
  update public.insight_refresh_days d
  set inactive_customers = coalesce((select g.customers from grouped g where g.tier is null), 0)
  where d.agency_id = target_agency and d.as_of = target_date;
end
$$;

-- Retention over the 12 months to a snapshot day (SPEC §11), by cohort, when the history reaches
-- back that far (a snapshot on or before the day 12 months earlier); otherwise none is recorded.
create function private.record_retention(target_agency uuid, target_date date)
returns void
language plpgsql security definer set search_path = ''
as $$
declare
  then_date constant date := (target_date - interval '12 months')::date;
begin
  -- The refresh's lock (held already when the refresh calls it): never beside a refresh or backfill.
  perform pg_advisory_xact_lock(hashtext('customer_insights:' || target_agency::text));
  delete from public.insight_snapshot_retention where agency_id = target_agency and as_of = target_date;
  if not exists (select 1 from public.insight_refresh_days d where d.agency_id = target_agency and d.as_of <= then_date) then
    return;
  end if;
  insert into public.insight_snapshot_retention (agency_id, as_of, cohort, customers_then, customers_retained, lines_then,
    lines_retained, premium_then, premium_now)
  with kept as (
    select t.tier as tier_then, cardinality(t.lines) as lines_then, t.annual_premium as premium_then,
           n.tier is not null as retained,
           case when n.tier is null then 0 else n.annual_premium end as premium_now,
           -- Most customers keep all their lines: counted without unnesting.
           case when n.tier is null then 0
                when t.lines <@ n.lines then cardinality(t.lines)
                else (select count(*) from unnest(t.lines) kept_line where kept_line = any (n.lines)) end as lines_kept
    from private.history_states_on(target_agency, then_date) t
    left join private.history_states_on(target_agency, target_date) n on n.customer_id = t.customer_id
    where t.tier is not null
  )
  select target_agency, target_date,
         case when grouping(k.tier_then) = 0 then 'tier:' || k.tier_then::text
              when grouping(k.lines_bucket) = 0 then 'lines:' || k.lines_bucket
              else 'all' end,
         count(*), count(*) filter (where k.retained), sum(k.lines_then), sum(k.lines_kept), sum(k.premium_then), sum(k.premium_now)
  from (select kept.*, case when kept.lines_then >= 3 then '3+' else kept.lines_then::text end as lines_bucket from kept) k
  group by grouping sets ((), (k.tier_then), (k.lines_bucket));
end
$$;

-- One backfilled snapshot day (SPEC §11), computed from policy dates with the agency's current
-- rules; a day that is already a snapshot is left as it is (re-running changes nothing). Holds the
-- refresh's lock, so it never interleaves with a refresh of the agency. Customers whose state
-- differs from their previous history row get a row on the day; the next snapshot day keeps what
-- it showed (a customer given a row here and none there gets its old state there). Only the
-- customers with a policy starting or ending since the previous snapshot are computed, or all
-- when there is none. Returns the number of history rows written on the day, or -1 when the day
-- was a snapshot already.
create function private.backfill_snapshot(target_agency uuid, target_date date, target_rules jsonb, target_rules_version integer,
  tier_order public.customer_tier[], valued_tiers public.customer_tier[], cross_sell_line_count integer)
returns integer
language plpgsql security definer set search_path = ''
as $$
declare
  previous_day date;
  previous_inactive integer;
  next_day date;
  written integer;
begin
  if coalesce(cardinality(tier_order), 0) = 0 or valued_tiers is null or cross_sell_line_count is null then
    raise exception 'backfill_snapshot needs the tier order, valued tiers and cross-sell line count.' using errcode = '22023';
  end if;
  perform pg_advisory_xact_lock(hashtext('customer_insights:' || target_agency::text));
  if exists (select 1 from public.insight_refresh_days d where d.agency_id = target_agency and d.as_of = target_date) then
    return -1;
  end if;
  select max(d.as_of) into previous_day from public.insight_refresh_days d where d.agency_id = target_agency and d.as_of < target_date;
  select min(d.as_of) into next_day from public.insight_refresh_days d where d.agency_id = target_agency and d.as_of > target_date;

  drop table if exists pg_temp.backfill_changes;
  create temp table backfill_changes on commit drop as
  with states as (
    select * from private.customer_states_on(target_agency, target_date, target_rules, tier_order, null, previous_day)
  ),
  compared as (
    select s.customer_id, s.tier, s.premium, s.lines, s.active_count,
           h.valid_from as old_from, h.tier as old_tier, h.annual_premium as old_premium, h.lines as old_lines,
           h.active_policies as old_policies
    from states s
    left join lateral (
      select o.valid_from, o.tier, o.annual_premium, o.lines, o.active_policies from public.customer_tier_history o
      where previous_day is not null and o.customer_id = s.customer_id and o.valid_from < target_date
      order by o.valid_from desc limit 1
    ) h on true
  )
  select * from compared c
  where (c.old_from is null and c.tier is not null)
     or (c.old_from is not null and (c.old_tier, c.old_premium, c.old_lines, c.old_policies)
                                    is distinct from (c.tier, c.premium, c.lines, c.active_count));

  insert into public.customer_tier_history (agency_id, customer_id, valid_from, tier, annual_premium, lines, active_policies)
  select target_agency, c.customer_id, target_date, c.tier, c.premium, c.lines, c.active_count from pg_temp.backfill_changes c
  -- A row left on a day that is no longer a snapshot (its day deleted by hand) is replaced.
  on conflict (customer_id, valid_from) do update set
    tier = excluded.tier, annual_premium = excluded.annual_premium, lines = excluded.lines, active_policies = excluded.active_policies;
  get diagnostics written = row_count;

  if next_day is not null then
    insert into public.customer_tier_history (agency_id, customer_id, valid_from, tier, annual_premium, lines, active_policies)
    select target_agency, c.customer_id, next_day, c.old_tier, coalesce(c.old_premium, 0), coalesce(c.old_lines, '{}'),
           coalesce(c.old_policies, 0)
    from pg_temp.backfill_changes c
    where not exists (select 1 from public.customer_tier_history n where n.customer_id = c.customer_id and n.valid_from = next_day);
  end if;

  insert into public.insight_refresh_days (agency_id, as_of, source, rules_version)
  values (target_agency, target_date, 'backfill', target_rules_version);
  select d.inactive_customers into previous_inactive from public.insight_refresh_days d
  where d.agency_id = target_agency and d.as_of = previous_day;
  if previous_inactive is null then
    perform private.record_history_totals(target_agency, target_date, valued_tiers, cross_sell_line_count);
    return written;
  end if;
  -- The previous snapshot's totals, less the changed customers' old states, plus their new ones:
  -- the same sums as reading every customer's state (record_history_totals), at the cost of the
  -- month's changes only.
  insert into public.insight_snapshot_totals (agency_id, as_of, tier, customers, annual_premium, line_sum, active_policies, cross_sell)
  select target_agency, target_date, x.tier, sum(x.customers), sum(x.premium), sum(x.line_sum), sum(x.policies), sum(x.cross_sell)
  from (
    select t.tier, t.customers, t.annual_premium as premium, t.line_sum, t.active_policies as policies, t.cross_sell
    from public.insight_snapshot_totals t where t.agency_id = target_agency and t.as_of = previous_day
    union all
    select c.tier, 1, c.premium, cardinality(c.lines), c.active_count,
           (c.tier = any (valued_tiers) and cardinality(c.lines) = cross_sell_line_count)::integer
    from pg_temp.backfill_changes c where c.tier is not null
    union all
    select c.old_tier, -1, -c.old_premium, -cardinality(c.old_lines), -c.old_policies,
           -(c.old_tier = any (valued_tiers) and cardinality(c.old_lines) = cross_sell_line_count)::integer
    from pg_temp.backfill_changes c where c.old_from is not null and c.old_tier is not null
  ) x
  group by x.tier
  having sum(x.customers) > 0;
  update public.insight_refresh_days d
  set inactive_customers = previous_inactive
    + (select count(*) from pg_temp.backfill_changes c where c.tier is null)
    - (select count(*) from pg_temp.backfill_changes c where c.old_from is not null and c.old_tier is null)
  where d.agency_id = target_agency and d.as_of = target_date;
  return written;
end
$$;

-- After a backfill: drop the rows of a snapshot day that only repeat each customer's state on the
-- snapshot before it (an agency's first refresh writes every customer's row, as it has nothing to
-- compare with; once months before it are backfilled most of those rows say nothing new). Every
-- day still reads the same states; the movers of a period then look only at customers who moved.
create function private.prune_repeated_history(target_agency uuid, target_date date)
returns integer
language plpgsql security definer set search_path = ''
as $$
declare
  pruned integer;
begin
  perform pg_advisory_xact_lock(hashtext('customer_insights:' || target_agency::text));
  delete from public.customer_tier_history n
  where n.agency_id = target_agency and n.valid_from = target_date
    and exists (
      select 1 from (
        select o.tier, o.annual_premium, o.lines, o.active_policies from public.customer_tier_history o
        where o.customer_id = n.customer_id and o.valid_from < target_date
        order by o.valid_from desc limit 1
      ) before_it
      where (before_it.tier, before_it.annual_premium, before_it.lines, before_it.active_policies)
            is not distinct from (n.tier, n.annual_premium, n.lines, n.active_policies));
  get diagnostics pruned = row_count;
  return pruned;
end
$$;

revoke all on function private.customer_states_on(uuid, date, jsonb, public.customer_tier[], timestamptz, date) from public;
revoke all on function private.history_states_on(uuid, date) from public;
revoke all on function private.record_history_totals(uuid, date, public.customer_tier[], integer) from public;
revoke all on function private.record_retention(uuid, date) from public;
revoke all on function private.prune_repeated_history(uuid, date) from public;
grant execute on function private.prune_repeated_history(uuid, date) to service_role;
revoke all on function private.backfill_snapshot(uuid, date, jsonb, integer, public.customer_tier[], public.customer_tier[], integer) from public;
grant execute on function private.backfill_snapshot(uuid, date, jsonb, integer, public.customer_tier[], public.customer_tier[], integer)
  to service_role;
grant execute on function private.record_retention(uuid, date) to service_role;

drop function private.refresh_agency_insights(uuid, date, jsonb, integer, boolean, public.customer_tier[], public.customer_tier[], integer, integer);

-- The insights refresh (SPEC §5, §11), whole: every number the dashboard reads is computed here,
-- with the constants (tier order, valued tiers, cross-sell line count, renewal window) passed in
-- from src/lib/segmentation/policy.ts by src/lib/segmentation/refresh.ts.
--
-- Rebuilds one agency's customer_insights as of a date and its aggregates (customer_segment_totals,
-- agency_insight_summaries), records tier history, and the day as a snapshot with its totals
-- (and, on a month-end, its retention).
-- target_rules: {"elite":[{"minPremium":…,"minLines":…},…],"premium":[…],"standard":[…]}.
-- only_recent: recompute only the customers whose policies were written since the last refresh or
-- started or ended since its day (nobody else's figures can have changed); everyone when there
-- was no refresh, the rules differ from its rules, or the day is before its day.
-- Runs are serialized per agency (advisory lock, shared with the backfill) and idempotent: a
-- second run with the same inputs changes no customer row. Returns the number of customer rows
-- inserted or changed.
create function private.refresh_agency_insights(target_agency uuid, target_date date, target_rules jsonb, target_rules_version integer, only_recent boolean,
  tier_order public.customer_tier[], valued_tiers public.customer_tier[], cross_sell_line_count integer, renewal_window_days integer)
returns integer
language plpgsql security definer set search_path = ''
as $$
declare
  changed integer;
  last_refresh record;
  changed_since timestamptz;
  boundaries_after date;
begin
  -- Without them every count would quietly be zero: a caller that forgets one is told.
  if coalesce(cardinality(tier_order), 0) = 0 or valued_tiers is null or cross_sell_line_count is null or renewal_window_days is null then
    raise exception 'refresh_agency_insights needs the tier order, valued tiers, cross-sell line count and renewal window.'
      using errcode = '22023';
  end if;
  perform pg_advisory_xact_lock(hashtext('customer_insights:' || target_agency::text));

  select s.as_of, s.computed_at, s.rules into last_refresh from public.agency_insight_summaries s where s.agency_id = target_agency;
  if only_recent and found and last_refresh.rules = target_rules and last_refresh.as_of <= target_date then
    -- An hour's margin: a write committed while the last refresh ran may carry an earlier time.
    changed_since := last_refresh.computed_at - interval '1 hour';
    boundaries_after := last_refresh.as_of;
  end if;

  -- Every CTE of one statement sees the tables as they were before the statement: the old values.
  with previous_insights as (
    select pi.customer_id, pi.tier, pi.annual_premium, pi.lines, pi.active_policy_count
    from public.customer_insights pi where pi.agency_id = target_agency
  ),
  -- The insights that changed in this refresh.
  upserted as (
  insert into public.customer_insights as ci (customer_id, agency_id, annual_premium, active_policy_count,
    distinct_lines, lines, first_policy_date, tenure_start, next_renewal_date, tier, tier_changed_at, computed_at)
  select s.customer_id, target_agency, s.premium, s.active_count, s.line_count, s.lines, s.first_policy_date,
         s.tenure_start, s.next_renewal_date, s.tier, now(), now()
  from private.customer_states_on(target_agency, target_date, target_rules, tier_order, changed_since, boundaries_after) s
  on conflict (customer_id) do update set
    annual_premium = excluded.annual_premium,
    active_policy_count = excluded.active_policy_count,
    distinct_lines = excluded.distinct_lines,
    lines = excluded.lines,
    first_policy_date = excluded.first_policy_date,
    tenure_start = excluded.tenure_start,
    next_renewal_date = excluded.next_renewal_date,
    tier = excluded.tier,
    tier_changed_at = case when ci.tier is distinct from excluded.tier then now() else ci.tier_changed_at end,
    computed_at = now()
  where (ci.annual_premium, ci.active_policy_count, ci.distinct_lines, ci.lines, ci.first_policy_date,
         ci.tenure_start, ci.next_renewal_date, ci.tier)
        is distinct from
        (excluded.annual_premium, excluded.active_policy_count, excluded.distinct_lines, excluded.lines,
         excluded.first_policy_date, excluded.tenure_start, excluded.next_renewal_date, excluded.tier)
    returning ci.customer_id, ci.agency_id, ci.tier, ci.annual_premium, ci.lines, ci.active_policy_count
  )
  -- Tier history: a row when a customer's tier, premium, lines or policy count changed (or it is
  -- new). A day's snapshot is each customer's latest row on or before it. Compared with the old
  -- values in the same statement: one hash join, no lookup per customer.
  , history as (
    insert into public.customer_tier_history as h (agency_id, customer_id, valid_from, tier, annual_premium, lines, active_policies)
    select u.agency_id, u.customer_id, target_date, u.tier, u.annual_premium, u.lines, u.active_policy_count
    from upserted u left join previous_insights p on p.customer_id = u.customer_id
    where (p.customer_id is not null
           and (p.tier, p.annual_premium, p.lines, p.active_policy_count) is distinct from (u.tier, u.annual_premium, u.lines, u.active_policy_count))
       -- Without insights yet (an agency's first refresh), unless the history (backfilled months, or
       -- a row already on the day) says the same.
       or (p.customer_id is null and not exists (
             select 1 from (
               select o.tier, o.annual_premium, o.lines, o.active_policies from public.customer_tier_history o
               where o.customer_id = u.customer_id and o.valid_from <= target_date
               order by o.valid_from desc limit 1
             ) earlier
             where (earlier.tier, earlier.annual_premium, earlier.lines, earlier.active_policies)
                   is not distinct from (u.tier, u.annual_premium, u.lines, u.active_policy_count)))
    on conflict (customer_id, valid_from) do update set
      tier = excluded.tier, annual_premium = excluded.annual_premium, lines = excluded.lines, active_policies = excluded.active_policies
  )
  select count(*) into changed from upserted;

  delete from public.customer_segment_totals where agency_id = target_agency;
  insert into public.customer_segment_totals (agency_id, tier, customers, annual_premium, line_sum, active_policies, cross_sell,
    renewal_watch)
  select target_agency, ci.tier, count(*), sum(ci.annual_premium), sum(ci.distinct_lines), sum(ci.active_policy_count),
         count(*) filter (where ci.tier = any (valued_tiers) and ci.distinct_lines = cross_sell_line_count),
         count(*) filter (where ci.tier = any (valued_tiers) and ci.next_renewal_date <= target_date + renewal_window_days)
  from public.customer_insights ci
  where ci.agency_id = target_agency and ci.tier is not null
  group by ci.tier;

  insert into public.agency_insight_summaries as s (agency_id, as_of, computed_at, rules, rules_version, inactive_customers)
  select target_agency, target_date, now(), target_rules, target_rules_version, count(*)
  from public.customer_insights ci
  where ci.agency_id = target_agency and ci.tier is null
  on conflict (agency_id) do update set
    as_of = excluded.as_of, computed_at = excluded.computed_at, rules = excluded.rules,
    rules_version = excluded.rules_version, inactive_customers = excluded.inactive_customers;

  -- The day as a snapshot: its totals as the dashboard shows them now.
  insert into public.insight_refresh_days as d (agency_id, as_of, source, inactive_customers, rules_version)
  select target_agency, target_date, 'refresh', s.inactive_customers, target_rules_version
  from public.agency_insight_summaries s where s.agency_id = target_agency
  on conflict (agency_id, as_of) do update set
    refreshed_at = now(), source = excluded.source, inactive_customers = excluded.inactive_customers,
    rules_version = excluded.rules_version;
  delete from public.insight_snapshot_totals where agency_id = target_agency and as_of = target_date;
  insert into public.insight_snapshot_totals (agency_id, as_of, tier, customers, annual_premium, line_sum, active_policies, cross_sell,
    renewal_watch)
  select t.agency_id, target_date, t.tier, t.customers, t.annual_premium, t.line_sum, t.active_policies, t.cross_sell, t.renewal_watch
  from public.customer_segment_totals t where t.agency_id = target_agency;
  -- Retention is figured at month-ends, as agencies report it.
  if extract(day from target_date + 1) = 1 then
    perform private.record_retention(target_agency, target_date);
  end if;

  return changed;
end
$$;

revoke all on function private.refresh_agency_insights(uuid, date, jsonb, integer, boolean, public.customer_tier[], public.customer_tier[], integer, integer)
  from public;
grant execute on function private.refresh_agency_insights(uuid, date, jsonb, integer, boolean, public.customer_tier[], public.customer_tier[], integer, integer)
  to service_role;
