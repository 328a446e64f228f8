-- The insights refresh (SPEC §5, §11), whole: every number the dashboard reads is computed here,
-- with the constants (tier order, valued tiers, cross-sell line count, renewal window) passed in
-- from src/lib/segmentation/policy.ts by src/lib/segmentation/refresh.ts.
--
-- Rebuilds one agency's customer_insights as of a date and its aggregates (customer_segment_totals,
-- agency_insight_summaries), records tier history, and the day as a snapshot with its totals.
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

revoke all on function private.refresh_agency_insights(uuid, date, jsonb, integer, boolean, public.customer_tier[], public.customer_tier[], integer, integer)
  from public;
grant execute on function private.refresh_agency_insights(uuid, date, jsonb, integer, boolean, public.customer_tier[], public.customer_tier[], integer, integer)
  to service_role;
