-- Segmentation (SPEC §5): line-of-business normalization, per-agency rules, the insights refresh
-- and the per-agency aggregates the dashboard reads (cost independent of the book's size).

-- Same steps as normalizeLineOfBusiness in src/lib/segmentation/lines.ts (the parity test holds
-- them together): lower-case A-Z only, runs of other characters to '_', trim '_', map aliases.
create function public.normalize_line_of_business(raw text) returns text
language sql immutable parallel safe
as $$
  with normalized as (
    select trim(both '_' from regexp_replace(
      translate(raw, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), '[^a-z0-9]+', '_', 'g')) as key
  )
  select case
    when key = '' then 'other'
    else coalesce((select canonical from (values
      ('auto', 'auto'), ('personal_auto', 'auto'), ('ppa', 'auto'), ('private_passenger_auto', 'auto'), ('automobile', 'auto'), ('car', 'auto'),
      ('home', 'home'), ('homeowners', 'home'), ('homeowner', 'home'), ('ho3', 'home'), ('ho_3', 'home'), ('condo', 'condo'),
      ('ho6', 'condo'), ('ho_6', 'condo'), ('renters', 'renters'), ('renter', 'renters'), ('ho4', 'renters'), ('ho_4', 'renters'),
      ('umbrella', 'umbrella'), ('personal_umbrella', 'umbrella'), ('pup', 'umbrella'), ('life', 'life'), ('term_life', 'life'), ('whole_life', 'life'),
      ('motorcycle', 'motorcycle'), ('boat', 'boat'), ('watercraft', 'boat'), ('flood', 'flood'), ('bop', 'bop'), ('business_owners', 'bop'),
      ('businessowners', 'bop'), ('business_owners_policy', 'bop'), ('workers_comp', 'workers_comp'), ('workers_compensation', 'workers_comp'), ('work_comp', 'workers_comp'), ('wc', 'workers_comp'),
      ('commercial_auto', 'commercial_auto'), ('business_auto', 'commercial_auto'), ('general_liability', 'general_liability'), ('gl', 'general_liability'), ('cgl', 'general_liability'), ('commercial_property', 'commercial_property'),
      ('cyber', 'cyber'), ('cyber_liability', 'cyber'), ('professional_liability', 'professional_liability'), ('e_o', 'professional_liability'), ('errors_omissions', 'professional_liability'), ('errors_and_omissions', 'professional_liability')
    ) as aliases (alias, canonical) where alias = key), key)
  end
  from normalized
$$;

-- Normalized once, when a policy is written, not on every refresh.
alter table public.policies
  add column line_key text generated always as (public.normalize_line_of_business(line_of_business)) stored;

-- The agency's tier rules (absent: the default rules of SPEC §5, held in TypeScript).
create table public.segmentation_settings (
  agency_id uuid primary key references public.agencies (id) on delete cascade,
  rules jsonb not null,
  version integer not null default 1 check (version >= 1),
  updated_by uuid references auth.users (id) on delete set null,
  updated_at timestamptz not null default now()
);

create table public.segmentation_settings_history (
  id bigint generated always as identity primary key,
  agency_id uuid not null references public.agencies (id) on delete cascade,
  version integer not null,
  rules jsonb not null,
  changed_by uuid references auth.users (id) on delete set null,
  changed_at timestamptz not null default now(),
  unique (agency_id, version)
);

-- One row per agency per refresh: when, as of which date, with which rules, and the customers
-- without an active policy. Together with customer_segment_totals it is the whole summary.
create table public.agency_insight_summaries (
  agency_id uuid primary key references public.agencies (id) on delete cascade,
  as_of date not null,
  computed_at timestamptz not null,
  rules jsonb not null,
  rules_version integer not null,
  inactive_customers integer not null
);

create table public.customer_segment_totals (
  agency_id uuid not null references public.agencies (id) on delete cascade,
  tier public.customer_tier not null,
  customers integer not null,
  annual_premium numeric(16, 2) not null,
  line_sum bigint not null,
  active_policies bigint not null,
  cross_sell integer not null,
  primary key (agency_id, tier)
);

alter table public.segmentation_settings enable row level security;
alter table public.segmentation_settings_history enable row level security;
alter table public.agency_insight_summaries enable row level security;
alter table public.customer_segment_totals enable row level security;

-- Members read their agency's methodology and aggregates. Rules are changed through the
-- settings API (owners and admins); aggregates only by the refresh (service role).
create policy segmentation_settings_select on public.segmentation_settings for select to authenticated
  using (agency_id in (select private.my_agency_ids()));
create policy segmentation_settings_insert on public.segmentation_settings for insert to authenticated
  with check (agency_id in (select private.my_agency_ids_with_role('{owner,admin}')));
create policy segmentation_settings_update on public.segmentation_settings for update to authenticated
  using (agency_id in (select private.my_agency_ids_with_role('{owner,admin}')))
  with check (agency_id in (select private.my_agency_ids_with_role('{owner,admin}')));
create policy segmentation_settings_history_select on public.segmentation_settings_history for select to authenticated
  using (agency_id in (select private.my_agency_ids()));
create policy segmentation_settings_history_insert on public.segmentation_settings_history for insert to authenticated
  with check (agency_id in (select private.my_agency_ids_with_role('{owner,admin}')) and changed_by = (select auth.uid()));
create policy agency_insight_summaries_select on public.agency_insight_summaries for select to authenticated
  using (agency_id in (select private.my_agency_ids()));
create policy customer_segment_totals_select on public.customer_segment_totals for select to authenticated
  using (agency_id in (select private.my_agency_ids()));

grant select, insert, update on public.segmentation_settings to authenticated;
grant select, insert on public.segmentation_settings_history to authenticated;
grant select on public.agency_insight_summaries, public.customer_segment_totals to authenticated;
grant select, insert, update, delete on public.segmentation_settings, public.segmentation_settings_history,
  public.agency_insight_summaries, public.customer_segment_totals to service_role;

-- Rebuilds one agency's customer_insights as of a date (SPEC §5 exactly) and its aggregates.
-- target_rules: {"elite":[{"minPremium":…,"minLines":…},…],"premium":[…],"standard":[…]}.
-- only_recent: recompute only customers with a policy change in the last 90 days.
-- Runs are serialized per agency (advisory lock) and idempotent: a second run with the same
-- inputs changes no customer row. Returns the number of customer rows inserted or changed.
create function private.refresh_agency_insights(target_agency uuid, target_date date, target_rules jsonb, target_rules_version integer, only_recent boolean)
returns integer
language plpgsql security definer set search_path = ''
as $$
declare
  changed integer;
begin
  perform pg_advisory_xact_lock(hashtext('customer_insights:' || target_agency::text));

  with rule_rows as (
    select ruled.rank, ruled.tier::public.customer_tier as tier,
           (rule ->> 'minPremium')::numeric as min_premium, (rule ->> 'minLines')::integer as min_lines
    from (values (1, 'elite'), (2, 'premium'), (3, 'standard')) as ruled (rank, tier)
    cross join lateral jsonb_array_elements(target_rules -> ruled.tier) as rule
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
                               order by r.rank limit 1), 'entry')
           end as tier,
           least(m.first_policy_date, m.customer_since) as tenure_start
    from metrics m
  )
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
         excluded.first_policy_date, excluded.tenure_years, excluded.next_renewal_date, excluded.tier);
  get diagnostics changed = row_count;

  delete from public.customer_segment_totals where agency_id = target_agency;
  insert into public.customer_segment_totals (agency_id, tier, customers, annual_premium, line_sum, active_policies, cross_sell)
  select target_agency, ci.tier, count(*), sum(ci.annual_premium), sum(ci.distinct_lines), sum(ci.active_policy_count),
         count(*) filter (where ci.tier in ('elite', 'premium') and ci.distinct_lines = 1)
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

revoke all on function private.refresh_agency_insights(uuid, date, jsonb, integer, boolean) from public;
grant execute on function private.refresh_agency_insights(uuid, date, jsonb, integer, boolean) to service_role;

create index customer_insights_agency_idx on public.customer_insights (agency_id) where tier is null;
