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
-- The policies are read by customer (an index lookup each) when the targets are a few percent of
-- the book, and hashed in one pass when they are most of it. With the default cost of a random
-- page (4, a spinning disk's) the planner hashed all 2.2M policies of a 1M-customer book for a
-- daily refresh's 27k customers: 2 s instead of 0.6 s. The book's pages are cached or on SSD.
language plpgsql security definer set search_path = '' set random_page_cost = 1.1
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
             public.policy_in_force_on(q.effective_date, q.ends_on, target_date) as in_force
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
  -- Figured, cohorts or none (no one in force a year before): not pending any more.
  update public.insight_refresh_days r set retention_recorded_at = now()
  where r.agency_id = target_agency and r.as_of = any (now_days);
  return day_count;
end
$$;

-- Retention over the 12 months to one snapshot day (the refresh on a month-end).
create function private.record_retention(target_agency uuid, target_date date)
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
create function private.backfill_snapshot(target_agency uuid, target_date date, target_rules jsonb, target_rules_version integer,
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

-- "Recompute history" (src/lib/segmentation/backfill.ts, rebuildHistory): forgets the agency's
-- snapshots and its customers' figures, so the full refresh that follows in the same transaction
-- starts the history afresh (every customer's row on its day, as an agency's first refresh), and
-- the backfill then computes every month-end from the policy dates on file now. Used after an
-- import corrected past dates (a cancellation date added): months already computed keep what they
-- were computed with otherwise.
create function private.clear_agency_history(target_agency uuid)
returns void
language plpgsql security definer set search_path = ''
as $$
begin
  perform pg_advisory_xact_lock(hashtext('customer_insights:' || target_agency::text));
  delete from public.insight_snapshot_retention where agency_id = target_agency;
  delete from public.insight_snapshot_totals where agency_id = target_agency;
  delete from public.insight_refresh_days where agency_id = target_agency;
  delete from public.customer_tier_history where agency_id = target_agency;
  delete from public.customer_insights where agency_id = target_agency;
end
$$;

revoke all on function private.customer_states_on(uuid, date, jsonb, public.customer_tier[], timestamptz, date) from public;
revoke all on function private.history_states_on(uuid, date) from public;
revoke all on function private.record_history_totals(uuid, date, public.customer_tier[], integer) from public;
revoke all on function private.record_retention(uuid, date) from public;
revoke all on function private.record_retention_on(uuid, date[]) from public;
revoke all on function private.history_spans(uuid, date[], date[]) from public;
revoke all on function private.prune_repeated_history(uuid, date) from public;
grant execute on function private.prune_repeated_history(uuid, date) to service_role;
revoke all on function private.clear_agency_history(uuid) from public;
grant execute on function private.clear_agency_history(uuid) to service_role;
revoke all on function private.backfill_snapshot(uuid, date, jsonb, integer, public.customer_tier[], public.customer_tier[], integer) from public;
grant execute on function private.backfill_snapshot(uuid, date, jsonb, integer, public.customer_tier[], public.customer_tier[], integer)
  to service_role;
grant execute on function private.record_retention(uuid, date) to service_role;
grant execute on function private.record_retention_on(uuid, date[]) to service_role;
