-- The insights refresh (SPEC §5), whole: every number the dashboard reads is computed here, with
-- the constants (tier order, valued tiers, cross-sell line count, renewal window) passed in from
-- src/lib/segmentation/policy.ts by src/lib/insights/refresh.ts.
--
-- Rebuilds one agency's customer_insights as of a date and its aggregates (customer_segment_totals,
-- agency_insight_summaries), records tier history and the refresh day.
-- target_rules: {"elite":[{"minPremium":…,"minLines":…},…],"premium":[…],"standard":[…]}.
-- only_recent: recompute only customers with a policy change in the last 90 days.
-- Runs are serialized per agency (advisory lock) and idempotent: a second run with the same
-- inputs changes no customer row. Returns the number of customer rows inserted or changed.
create function private.refresh_agency_insights(target_agency uuid, target_date date, target_rules jsonb, target_rules_version integer, only_recent boolean,
  tier_order public.customer_tier[], valued_tiers public.customer_tier[], cross_sell_line_count integer, renewal_window_days integer)
returns integer
language plpgsql security definer set search_path = ''
as $$
declare
  changed integer;
begin
  -- Without them every count would quietly be zero: a caller that forgets one is told.
  if coalesce(cardinality(tier_order), 0) = 0 or valued_tiers is null or cross_sell_line_count is null or renewal_window_days is null then
    raise exception 'refresh_agency_insights needs the tier order, valued tiers, cross-sell line count and renewal window.'
      using errcode = '22023';
  end if;
  perform pg_advisory_xact_lock(hashtext('customer_insights:' || target_agency::text));

  with rule_rows as (
    -- Ranked by tier_order; the last tier has no rules (everyone active who meets none).
    select ruled.rank, ruled.tier,
           (rule ->> 'minPremium')::numeric as min_premium, (rule ->> 'minLines')::integer as min_lines
    from unnest(tier_order) with ordinality as ruled (tier, rank)
    cross join lateral jsonb_array_elements(target_rules -> ruled.tier::text) as rule
    where ruled.rank < cardinality(tier_order)
  ),
  targets as (
    select c.id, c.customer_since
    from public.customers c
    where c.agency_id = target_agency
      and (not only_recent or exists (
        select 1 from public.policies changed_policy
        where changed_policy.customer_id = c.id and changed_policy.updated_at >= now() - interval '90 days'))
  ),
  policy_state as (
    select p.customer_id, p.annual_premium, p.line_key, p.effective_date, p.expiration_date,
           (p.status = 'active' and p.effective_date <= target_date and (p.expiration_date is null or p.expiration_date > target_date)) as active
    from public.policies p
    where p.agency_id = target_agency
  ),
  metrics as (
    select t.id as customer_id, t.customer_since,
           coalesce(sum(ps.annual_premium) filter (where ps.active), 0) as premium,
           count(*) filter (where ps.active) as active_count,
           count(distinct ps.line_key) filter (where ps.active) as line_count,
           coalesce(array_agg(distinct ps.line_key order by ps.line_key) filter (where ps.active), '{}') as lines,
           min(ps.effective_date) as first_policy_date,
           min(ps.expiration_date) filter (where ps.active) as next_renewal_date
    from targets t
    left join policy_state ps on ps.customer_id = t.id
    group by t.id, t.customer_since
  ),
  tiered as (
    select m.*,
           case when m.active_count = 0 then null
                else coalesce((select r.tier from rule_rows r
                               where m.premium >= r.min_premium and m.line_count >= r.min_lines
                               order by r.rank limit 1), tier_order[cardinality(tier_order)])
           end as tier,
           least(m.first_policy_date, m.customer_since) as tenure_start
    from metrics m
  ),
  -- Every CTE of one statement sees the table as it was before the statement: the old values.
  previous_insights as (
    select pi.customer_id, pi.tier, pi.annual_premium from public.customer_insights pi where pi.agency_id = target_agency
  ),
  -- The insights that changed in this refresh (a new as-of day changes every row).
  upserted as (
  insert into public.customer_insights as ci (customer_id, agency_id, as_of, annual_premium, active_policy_count,
    distinct_lines, lines, first_policy_date, tenure_years, next_renewal_date, tier, tier_changed_at, computed_at)
  select t.customer_id, target_agency, target_date, t.premium, t.active_count, t.line_count, t.lines, t.first_policy_date,
         case when t.tenure_start is null then null else round(((target_date - t.tenure_start) / 365.25)::numeric, 2) end,
         t.next_renewal_date, t.tier, now(), now()
  from tiered t
  on conflict (customer_id) do update set
    as_of = excluded.as_of,
    annual_premium = excluded.annual_premium,
    active_policy_count = excluded.active_policy_count,
    distinct_lines = excluded.distinct_lines,
    lines = excluded.lines,
    first_policy_date = excluded.first_policy_date,
    tenure_years = excluded.tenure_years,
    next_renewal_date = excluded.next_renewal_date,
    tier = excluded.tier,
    tier_changed_at = case when ci.tier is distinct from excluded.tier then now() else ci.tier_changed_at end,
    computed_at = now()
  where (ci.as_of, ci.annual_premium, ci.active_policy_count, ci.distinct_lines, ci.lines, ci.first_policy_date,
         ci.tenure_years, ci.next_renewal_date, ci.tier)
        is distinct from
        (excluded.as_of, excluded.annual_premium, excluded.active_policy_count, excluded.distinct_lines, excluded.lines,
         excluded.first_policy_date, excluded.tenure_years, excluded.next_renewal_date, excluded.tier)
    returning ci.customer_id, ci.agency_id, ci.tier, ci.annual_premium
  )
  -- Tier history: a row when a customer's tier or premium changed (or it is new). A day's snapshot
  -- is each customer's latest row on or before it. Compared with the old values in the same
  -- statement: one hash join, no lookup per customer.
  , history as (
    insert into public.customer_tier_history as h (agency_id, customer_id, valid_from, tier, annual_premium)
    select u.agency_id, u.customer_id, target_date, u.tier, u.annual_premium
    from upserted u left join previous_insights p on p.customer_id = u.customer_id
    where p.customer_id is null or p.tier is distinct from u.tier or p.annual_premium <> u.annual_premium
    on conflict (customer_id, valid_from) do update set tier = excluded.tier, annual_premium = excluded.annual_premium
  )
  select count(*) into changed from upserted;

  insert into public.insight_refresh_days (agency_id, as_of) values (target_agency, target_date)
  on conflict (agency_id, as_of) do update set refreshed_at = now();

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

  return changed;
end
$$;

revoke all on function private.refresh_agency_insights(uuid, date, jsonb, integer, boolean, public.customer_tier[], public.customer_tier[], integer, integer)
  from public;
grant execute on function private.refresh_agency_insights(uuid, date, jsonb, integer, boolean, public.customer_tier[], public.customer_tier[], integer, integer)
  to service_role;
