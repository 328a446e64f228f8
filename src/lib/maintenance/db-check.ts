import type { Queryable } from '@/lib/db';
import type { Columns, Nullable } from '@/lib/db/rows';

/**
 * `npm run db:check`: sanity checks of a live database, in the spirit of the seed's check
 * script. Each check says what it looked at; any failure names the check, the agency and the
 * figures, and makes the command exit non-zero. Read-only.
 */
export interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
}

/** Tables the app needs, each with row level security on. */
export const EXPECTED_TABLES = [
  'public.agencies',
  'public.agency_members',
  'public.customers',
  'public.contacts',
  'public.policies',
  'public.customer_insights',
  'public.application_logs',
  'public.audit_events',
  'public.segmentation_settings',
  'public.segmentation_settings_history',
  'public.agency_insight_summaries',
  'public.customer_segment_totals',
  'public.import_jobs',
  'public.import_job_issues',
  'public.customer_tier_history',
  'public.insight_refresh_days',
  'public.scheduled_refresh_runs',
  'public.history_backfill_runs',
  'public.usage_counts',
  'private.rate_limit_buckets',
  'private.import_staged_rows',
];

const n = (value: number | string) => Number(value).toLocaleString('en-US');

async function tablesAndRls(tx: Queryable): Promise<CheckResult> {
  const rows = await tx.query<{ name: string; rls: boolean }>(
    `select n.nspname || '.' || c.relname as name, c.relrowsecurity as rls
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.relkind in ('r', 'p') and n.nspname in ('public', 'private')`,
  );
  const found = new Map(rows.map((row) => [row.name, row.rls]));
  const missing = EXPECTED_TABLES.filter((table) => !found.has(table));
  // Every table in public, not only the known ones: a new table without RLS is a leak.
  const withoutRls = rows.filter((row) => !row.rls).map((row) => row.name);
  const problems = [
    missing.length ? `missing: ${missing.join(', ')}` : '',
    withoutRls.length ? `RLS off: ${withoutRls.join(', ')}` : '',
  ].filter(Boolean);
  return { name: 'tables and RLS', ok: problems.length === 0, detail: problems.join('; ') || `${rows.length} tables, RLS on every one` };
}

async function rowCounts(tx: Queryable): Promise<CheckResult> {
  const [counts] = await tx.query<{ agencies: number; members: number } & Record<string, number>>(
    `select (select count(*) from public.agencies)::int as agencies, (select count(*) from public.agency_members)::int as members,
            (select count(*) from public.customers)::int as customers, (select count(*) from public.policies)::int as policies,
            (select count(*) from public.contacts)::int as contacts, (select count(*) from public.customer_insights)::int as insights,
            (select count(*) from public.import_jobs)::int as imports`,
  );
  const ok = counts!.agencies > 0 && counts!.members > 0;
  return {
    name: 'row counts',
    ok,
    detail: `${Object.entries(counts!)
      .map(([table, count]) => `${table} ${n(count)}`)
      .join(', ')}${ok ? '' : ' — no agency or no member: the database was never set up'}`,
  };
}

type AgencyFigures = Columns<'agencies', 'slug'> &
  Nullable<Columns<'agency_insight_summaries', 'computed_at' | 'as_of'>> & { customers: number; insights: number };

async function tierDistribution(tx: Queryable): Promise<CheckResult> {
  // The aggregates the dashboard reads must equal what customer_insights says, tier by tier.
  const mismatches = await tx.query<
    Columns<'agencies', 'slug'> & {
      tier: string;
      insights: number;
      totals: number;
      insights_premium: string;
      totals_premium: string;
    }
  >(
    `with from_insights as (
       select agency_id, tier, count(*)::int as customers, sum(annual_premium) as premium
       from public.customer_insights where tier is not null group by agency_id, tier
     )
     select a.slug, coalesce(i.tier, t.tier)::text as tier, coalesce(i.customers, 0) as insights, coalesce(t.customers, 0) as totals,
            coalesce(i.premium, 0)::text as insights_premium, coalesce(t.annual_premium, 0)::text as totals_premium
     from from_insights i
     full join public.customer_segment_totals t on t.agency_id = i.agency_id and t.tier = i.tier
     join public.agencies a on a.id = coalesce(i.agency_id, t.agency_id)
     where coalesce(i.customers, 0) <> coalesce(t.customers, 0) or coalesce(i.premium, 0) <> coalesce(t.annual_premium, 0)`,
  );
  const distribution = await tx.query<{ tier: string | null; customers: number }>(
    `select tier::text, count(*)::int as customers from public.customer_insights group by tier order by tier nulls last`,
  );
  const shape = distribution.map((row) => `${row.tier ?? 'inactive'} ${n(row.customers)}`).join(', ') || 'no insights yet';
  if (mismatches.length) {
    const first = mismatches[0]!;
    return {
      name: 'tier distribution',
      ok: false,
      detail: `${first.slug} ${first.tier}: insights say ${n(first.insights)} customers / ${first.insights_premium}, the dashboard totals ${n(first.totals)} / ${first.totals_premium}${mismatches.length > 1 ? ` (and ${mismatches.length - 1} more)` : ''}`,
    };
  }
  return { name: 'tier distribution', ok: true, detail: shape };
}

async function insightsFreshness(tx: Queryable, maxAgeHours: number): Promise<CheckResult> {
  const agencies = await tx.query<AgencyFigures>(
    `select a.slug, (select count(*) from public.customers c where c.agency_id = a.id)::int as customers,
            (select count(*) from public.customer_insights i where i.agency_id = a.id)::int as insights,
            s.computed_at, s.as_of
     from public.agencies a left join public.agency_insight_summaries s on s.agency_id = a.id
     order by a.slug`,
  );
  const stale = agencies.filter((agency) => {
    if (agency.customers === 0) return false;
    if (!agency.computed_at || agency.insights !== agency.customers) return true;
    return Date.now() - new Date(agency.computed_at).getTime() > maxAgeHours * 3_600_000;
  });
  if (stale.length) {
    return {
      name: 'insights freshness',
      ok: false,
      detail: stale
        .map((a) =>
          !a.computed_at
            ? `${a.slug}: never refreshed`
            : a.insights !== a.customers
              ? `${a.slug}: ${n(a.customers - a.insights)} customers without insights`
              : `${a.slug}: last refresh ${new Date(a.computed_at).toISOString()} (older than ${maxAgeHours} h)`,
        )
        .join('; '),
    };
  }
  return { name: 'insights freshness', ok: true, detail: `every agency with customers refreshed within ${maxAgeHours} h` };
}

async function premiumMatchesPolicies(tx: Queryable): Promise<CheckResult> {
  // Per agency: premium in customer_insights = premium of the policies in force on the refresh date.
  const rows = await tx.query<Columns<'agencies', 'slug'> & { insights: string; policies: string }>(
    `select a.slug, coalesce(i.premium, 0)::text as insights, coalesce(p.premium, 0)::text as policies
     from public.agencies a
     join public.agency_insight_summaries s on s.agency_id = a.id
     left join lateral (select sum(annual_premium) as premium from public.customer_insights where agency_id = a.id) i on true
     left join lateral (
       select sum(annual_premium) as premium from public.policies
       where agency_id = a.id and public.policy_in_force_on(effective_date, ends_on, s.as_of)
     ) p on true
     where coalesce(i.premium, 0) <> coalesce(p.premium, 0)`,
  );
  return rows.length
    ? {
        name: 'insights premium = active policies premium',
        ok: false,
        detail: rows.map((r) => `${r.slug}: insights ${r.insights}, active policies ${r.policies} (refresh needed?)`).join('; '),
      }
    : { name: 'insights premium = active policies premium', ok: true, detail: 'equal to the cent for every agency' };
}

async function orphans(tx: Queryable): Promise<CheckResult> {
  const [counts] = await tx.query<Record<string, number>>(
    `select
       (select count(*) from public.policies p where not exists (
          select 1 from public.customers c where c.id = p.customer_id and c.agency_id = p.agency_id))::int as "policies without their customer",
       (select count(*) from public.customers c where not exists (select 1 from public.policies p where p.customer_id = c.id))::int as "customers without policies",
       (select count(*) from public.contacts k where not exists (
          select 1 from public.customers c where c.id = k.customer_id and c.agency_id = k.agency_id))::int as "contacts without their customer",
       (select count(*) from public.customer_insights i where not exists (select 1 from public.customers c where c.id = i.customer_id))::int as "insights without their customer",
       (select count(*) from public.customer_tier_history h where not exists (
          select 1 from public.customers c where c.id = h.customer_id))::int as "tier history rows without their customer",
       (select count(*) from private.import_staged_rows s where not exists (
          select 1 from public.import_jobs j where j.id = s.job_id and j.status in ('validating', 'validated')))::int as "staged import rows of finished imports"`,
  );
  const found = Object.entries(counts!).filter(([, count]) => count > 0);
  return found.length
    ? { name: 'no orphans', ok: false, detail: found.map(([what, count]) => `${n(count)} ${what}`).join('; ') }
    : {
        name: 'no orphans',
        ok: true,
        detail: 'every policy, contact and insight has its customer; every customer has a policy; no staged rows left behind',
      };
}

export async function runDbChecks(tx: Queryable, options: { maxAgeHours?: number } = {}): Promise<CheckResult[]> {
  return [
    await tablesAndRls(tx),
    await rowCounts(tx),
    await tierDistribution(tx),
    await insightsFreshness(tx, options.maxAgeHours ?? 26),
    await premiumMatchesPolicies(tx),
    await orphans(tx),
  ];
}
