-- Retention still to figure is marked on the snapshot day, so a month-end with no one in force a
-- year before (no cohort to write) is not figured again after every refresh, and a month-end
-- refreshed again is figured again even when the first figures stand. Current definitions:
-- supabase/schemas/tables/45_insight_refresh_days.sql, functions/snapshots.sql and
-- functions/refresh_agency_insights.sql.
alter table public.insight_refresh_days add column retention_recorded_at timestamptz;

-- The days figured already are not pending.
update public.insight_refresh_days d set retention_recorded_at = now()
where exists (select 1 from public.insight_snapshot_retention r where r.agency_id = d.agency_id and r.as_of = d.as_of);

create or replace function private.record_retention_on(target_agency uuid, target_dates date[])
returns integer
-- Compiling the statement (JIT) took longer than running it: seconds at 200k customers.
language plpgsql security definer set search_path = '' set jit = off
as $$
declare
  now_days date[];
  then_days date[];
  day_count integer;
begin
  -- The refresh's lock (held already when the refresh calls it): never beside a refresh or backfill.
  perform pg_advisory_xact_lock(hashtext('customer_insights:' || target_agency::text));
  delete from public.insight_snapshot_retention where agency_id = target_agency and as_of = any (target_dates);
  select coalesce(array_agg(d.as_of order by d.as_of), '{}'), coalesce(array_agg(d.then_date order by d.as_of), '{}')
  into now_days, then_days
  from (select distinct t.as_of, (t.as_of - interval '12 months')::date as then_date from unnest(target_dates) t (as_of)) d
  where exists (select 1 from public.insight_refresh_days r where r.agency_id = target_agency and r.as_of <= d.then_date);
  day_count := cardinality(now_days);
  if day_count = 0 then
    return 0;
  end if;

  insert into public.insight_snapshot_retention (agency_id, as_of, cohort, customers_then, customers_retained, lines_then,
    lines_retained, premium_then, premium_now)
  with pairs as (
    select t.tier as tier_then, cardinality(t.lines) as lines_then, t.annual_premium as premium_then,
           n.tier is not null as retained,
           case when n.tier is null then 0 else n.annual_premium end as premium_now,
           -- Most customers keep all their lines: counted without unnesting.
           case when n.tier is null then 0
                when t.lines <@ n.lines then cardinality(t.lines)
                else (select count(*) from unnest(t.lines) kept_line where kept_line = any (n.lines)) end as lines_kept,
           greatest(t.then_first, n.now_first) as first_day, least(t.then_last, n.now_last) as last_day
    -- Both read in customer order from the index: merged without sorting.
    from private.history_spans(target_agency, then_days, now_days) t
    join private.history_spans(target_agency, then_days, now_days) n
      on n.customer_id = t.customer_id and n.now_first <= t.then_last and n.now_last >= t.then_first
    where t.tier is not null and t.then_first <= t.then_last and n.now_first <= n.now_last
  ),
  changes as (
    select p.tier_then, least(p.lines_then, 3) as lines_bucket, p.first_day as day_index, 1 as customers, p.retained::integer as retained,
           p.lines_then, p.lines_kept, p.premium_then, p.premium_now
    from pairs p
    union all
    select p.tier_then, least(p.lines_then, 3), p.last_day + 1, -1, -p.retained::integer, -p.lines_then, -p.lines_kept,
           -p.premium_then, -p.premium_now
    from pairs p where p.last_day < day_count
  ),
  added as (
    select c.tier_then, c.lines_bucket, c.day_index, sum(c.customers) as customers, sum(c.retained) as retained,
           sum(c.lines_then) as lines_then, sum(c.lines_kept) as lines_kept, sum(c.premium_then) as premium_then,
           sum(c.premium_now) as premium_now
    from changes c
    group by c.tier_then, c.lines_bucket, c.day_index
  ),
  cohorts_by_day as (
    select a.tier_then, a.lines_bucket, d.day_index, sum(a.customers) as customers, sum(a.retained) as retained,
           sum(a.lines_then) as lines_then, sum(a.lines_kept) as lines_kept, sum(a.premium_then) as premium_then,
           sum(a.premium_now) as premium_now
    from generate_series(1, day_count) d (day_index)
    join added a on a.day_index <= d.day_index
    group by a.tier_then, a.lines_bucket, d.day_index
  )
  select target_agency, now_days[c.day_index],
         case when grouping(c.tier_then) = 0 then 'tier:' || c.tier_then::text
              when grouping(c.lines_bucket) = 0 then 'lines:' || case when c.lines_bucket = 3 then '3+' else c.lines_bucket::text end
              else 'all' end,
         sum(c.customers), sum(c.retained), sum(c.lines_then), sum(c.lines_kept), sum(c.premium_then), sum(c.premium_now)
  from cohorts_by_day c
  where c.customers > 0
  group by grouping sets ((c.day_index), (c.day_index, c.tier_then), (c.day_index, c.lines_bucket));
  -- Figured, cohorts or none (no one in force a year before): not pending any more.
  update public.insight_refresh_days r set retention_recorded_at = now()
  where r.agency_id = target_agency and r.as_of = any (now_days);
  return day_count;
end
$$;

create or replace function private.refresh_agency_insights(target_agency uuid, target_date date, target_rules jsonb, target_rules_version integer, only_recent boolean,
  tier_order public.customer_tier[], valued_tiers public.customer_tier[], cross_sell_line_count integer, renewal_window_days integer)
returns integer
language plpgsql security definer set search_path = ''
as $$
declare
  changed integer;
  last_refresh record;
  changed_since timestamptz;
  boundaries_after date;
  has_history boolean;
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
  -- Without history there is nothing to compare with. Not only quicker: planned on a tier history
  -- the statistics call empty, the lookup below scans the table, rows this statement inserts
  -- included, once per customer (quadratic: a first refresh of 200k customers took over 10 min).
  has_history := exists (select 1 from public.customer_tier_history h where h.agency_id = target_agency);

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
       or (p.customer_id is null and (not has_history or not exists (
             select 1 from (
               select o.tier, o.annual_premium, o.lines, o.active_policies from public.customer_tier_history o
               where o.customer_id = u.customer_id and o.valid_from <= target_date
               order by o.valid_from desc limit 1
             ) earlier
             where (earlier.tier, earlier.annual_premium, earlier.lines, earlier.active_policies)
                   is not distinct from (u.tier, u.annual_premium, u.lines, u.active_policy_count))))
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
    rules_version = excluded.rules_version, retention_recorded_at = null;
  delete from public.insight_snapshot_totals where agency_id = target_agency and as_of = target_date;
  insert into public.insight_snapshot_totals (agency_id, as_of, tier, customers, annual_premium, line_sum, active_policies, cross_sell,
    renewal_watch)
  select t.agency_id, target_date, t.tier, t.customers, t.annual_premium, t.line_sum, t.active_policies, t.cross_sell, t.renewal_watch
  from public.customer_segment_totals t where t.agency_id = target_agency;
  -- A month-end's retention is not figured here: it reads every customer's state a year before
  -- (9 s on PostgreSQL at a million customers), so src/lib/segmentation/refresh.ts records it after
  -- this transaction, without holding the day's refresh back; the day is pending until then.

  return changed;
end
$$;
