-- The backfill of 36 month-ends at 1M customers within 5 minutes (issue 11): retention for every
-- month-end in one read of the tier history, and each month's customers looked up by key.
-- Current definitions: supabase/schemas/functions/refresh_agency_insights.sql and snapshots.sql.

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

-- Each targeted customer's state on a day: premium and distinct lines of the policies in force
-- (effective_date <= day < ends_on), and its tier by the rules (ranked by tier_order; the last
-- tier takes every customer in force who meets no rule; none in force: no tier).
-- Targets: every customer of the agency when boundaries_after is null; otherwise only those with
-- a policy that started or ended in (boundaries_after, target_date], or (when changed_since is
-- given) a policy or customer row written since then: nobody else's state can have changed.
create or replace function private.customer_states_on(target_agency uuid, target_date date, target_rules jsonb,
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
    select c.id, c.customer_since
    from (
      select p.customer_id from public.policies p
      where p.agency_id = target_agency and p.effective_date > boundaries_after and p.effective_date <= target_date
      union
      select p.customer_id from public.policies p
      where p.agency_id = target_agency and p.ends_on > boundaries_after and p.ends_on <= target_date
      union
      select p.customer_id from public.policies p where p.agency_id = target_agency and p.updated_at >= changed_since
      union
      select changed.id from public.customers changed where changed.agency_id = target_agency and changed.updated_at >= changed_since
    ) targeted
    -- Looked up by key (offset 0 keeps it a lookup): the planner would otherwise read every
    -- customer of the agency to hash them, for the few percent a month or a day touches.
    cross join lateral (
      select c.id, c.customer_since from public.customers c
      where c.id = targeted.customer_id and c.agency_id = target_agency offset 0
    ) c;
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

-- Each tier history row as a span of snapshot days (for record_retention_on): given two sorted
-- arrays of as many days, the days (numbered from 1) whose date in then_days, and whose date in
-- now_days, fall from the row's day to the customer's next row's (width_bucket: how many dates of
-- a sorted array are on or before a day). Rows on none of those days are left out. Customer
-- order, as the (agency, customer, day) index reads them.
create function private.history_spans(target_agency uuid, then_days date[], now_days date[])
returns table (customer_id uuid, tier public.customer_tier, annual_premium numeric, lines text[], then_first integer,
  then_last integer, now_first integer, now_last integer)
language sql stable
as $$
  select r.customer_id, r.tier, r.annual_premium, r.lines, r.then_first, r.then_last, r.now_first, r.now_last
  from (
    select s.customer_id, s.tier, s.annual_premium, s.lines,
           width_bucket(s.valid_from - 1, then_days) + 1 as then_first,
           coalesce(width_bucket(s.valid_until - 1, then_days), cardinality(then_days)) as then_last,
           width_bucket(s.valid_from - 1, now_days) + 1 as now_first,
           coalesce(width_bucket(s.valid_until - 1, now_days), cardinality(now_days)) as now_last
    from (
      select h.customer_id, h.tier, h.annual_premium, h.lines, h.valid_from,
             lead(h.valid_from) over (partition by h.customer_id order by h.valid_from) as valid_until
      from public.customer_tier_history h
      where h.agency_id = target_agency and h.valid_from <= now_days[cardinality(now_days)]
    ) s
  ) r
  where r.then_first <= r.then_last or r.now_first <= r.now_last
$$;

-- Retention over the 12 months to each of some snapshot days (SPEC §11), by cohort, for those
-- whose history reaches back that far (a snapshot on or before the day 12 months earlier); the
-- others get none. One read of the tier history for all the days, however many: each history row
-- is a customer's state from its day until the customer's next row, so it is the state "then" for
-- a run of consecutive days and the state "now" for another, and a pair of them (one customer in
-- force then, its state now) counts for every day both runs share. Each pair is added to its
-- cohort on its run's first day and taken off after its last, and a day's figures are the sum of
-- what was added up to it. Returns the number of days recorded.
create function private.record_retention_on(target_agency uuid, target_dates date[])
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
  return day_count;
end
$$;

-- Retention over the 12 months to one snapshot day (the refresh on a month-end).
create or replace function private.record_retention(target_agency uuid, target_date date)
returns void
language plpgsql security definer set search_path = ''
as $$
begin
  perform private.record_retention_on(target_agency, array[target_date]);
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
create or replace function private.backfill_snapshot(target_agency uuid, target_date date, target_rules jsonb, target_rules_version integer,
  tier_order public.customer_tier[], valued_tiers public.customer_tier[], cross_sell_line_count integer)
returns integer
-- Compiling its statements (JIT) at a million customers takes longer than running them.
language plpgsql security definer set search_path = '' set jit = off
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
    -- Looked up by key (a lateral with a limit stays a lookup): the next day is the refresh day
    -- when months are backfilled oldest first, with a row for every customer; hashing them all
    -- for each month cost a read of the whole history per month.
    left join lateral (
      select true as present from public.customer_tier_history n
      where n.customer_id = c.customer_id and n.valid_from = next_day limit 1
    ) n on true
    where n.present is null;
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

revoke all on function private.history_spans(uuid, date[], date[]) from public;
revoke all on function private.record_retention_on(uuid, date[]) from public;
grant execute on function private.record_retention_on(uuid, date[]) to service_role;
