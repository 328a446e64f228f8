/**
 * The weekly usage report (SPEC §13, `npm run report:usage`): per agency and ISO week (Monday to
 * Sunday, UTC), how much the product was used, read from the app's own records. Agencies are
 * named by slug and name; nothing identifies a person or a customer.
 *
 *   dashboard views   usage_counts (counted by the dashboard page, src/lib/usage/views.ts)
 *   refreshes         manual: audit 'refresh'; rules change: audit 'rules-change' (each save
 *                     recomputes the tiers); import: committed import_jobs (each commit refreshes);
 *                     scheduled: application_logs of the refresh in mode recent/full (the daily
 *                     refresh, the cron route, npm run insights:refresh)
 *   exports           audit 'export' (with the rows each sent)
 *   imports           committed import_jobs (with their valid rows, the rows imported)
 *
 * Every agency has a row for every week, zeros included: an agency that did not look is a finding.
 * Read-only; runs as the service role (it reads across agencies).
 */
import type { Queryable } from '@/lib/db';
import type { Columns } from '@/lib/db/rows';
import { DomainError } from '@/lib/domain-error';
import { addDays } from '@/lib/segmentation/dates';

export const MAX_REPORT_WEEKS = 52;

/** Outreach (calls and emails to customers) is not in the product yet: the report says so rather than show zeros. */
export const OUTREACH = 'not recorded yet';

/** One agency's use of the product in one week. */
export interface UsageWeek {
  /** Monday and Sunday of the ISO week (UTC). */
  week: { from: string; to: string };
  agency: { slug: string; name: string };
  dashboardViews: number;
  refreshes: { manual: number; rulesChange: number; import: number; scheduled: number; total: number };
  exports: { count: number; rows: number };
  imports: { count: number; rows: number };
}

/** The Monday of the ISO week `isoDate` is in. */
export function weekStart(isoDate: string): string {
  const weekday = (new Date(`${isoDate}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(isoDate, -weekday);
}

/**
 * The Mondays of the weeks to report, oldest first: the last `weeks` complete weeks before
 * `today`, or ending with the week in progress when `current`.
 */
export function reportWeeks(today: string, { weeks = 1, current = false }: { weeks?: number; current?: boolean } = {}): string[] {
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > MAX_REPORT_WEEKS) {
    throw new DomainError('invalid', `The number of weeks must be a whole number from 1 to ${MAX_REPORT_WEEKS}.`, { field: 'weeks' });
  }
  const last = addDays(weekStart(today), current ? 0 : -7);
  return Array.from({ length: weeks }, (_, index) => addDays(last, -7 * (weeks - 1 - index)));
}

type Figures = Columns<'agencies', 'slug' | 'name'> & {
  week: string;
  views: number;
  manual: number;
  rules_change: number;
  import_refreshes: number;
  scheduled: number;
  exports: number;
  export_rows: number;
  imports: number;
  import_rows: number;
};

/**
 * The report for the weeks starting on `mondays` (consecutive, oldest first), for every agency
 * or the one with `agencySlug` (not-found when none has it). Ordered by week, then agency slug.
 */
export async function usageReport(tx: Queryable, mondays: readonly string[], agencySlug?: string): Promise<UsageWeek[]> {
  const from = mondays[0];
  if (from === undefined) return [];
  const until = addDays(mondays[mondays.length - 1]!, 7);
  if (agencySlug !== undefined) {
    const [known] = await tx.query('select 1 from public.agencies where slug = $1', [agencySlug]);
    if (!known) throw new DomainError('not-found', `No agency has the slug "${agencySlug}".`, { subject: 'Agency' });
  }
  // Timestamps are bucketed by their UTC week; $1/$2 are the first Monday and the Monday after the last week.
  const rows = await tx.query<Figures>(
    `with period as (select ($1::date)::timestamp at time zone 'utc' as starts, ($2::date)::timestamp at time zone 'utc' as ends),
     chosen as (select id, slug, name from public.agencies where $3::text is null or slug = $3),
     weeks as (select week::date as week from generate_series($1::date, $2::date - 7, interval '7 days') as week),
     views as (
       select agency_id, date_trunc('week', day)::date as week, sum(count)::int as views
       from public.usage_counts where kind = 'dashboard-view' and day >= $1::date and day < $2::date
       group by 1, 2
     ),
     audited as (
       select agency_id, date_trunc('week', created_at at time zone 'utc')::date as week,
              count(*) filter (where action = 'refresh')::int as manual,
              count(*) filter (where action = 'rules-change')::int as rules_change,
              count(*) filter (where action = 'export')::int as exports,
              coalesce(sum((details->>'rows')::bigint) filter (where action = 'export'), 0)::bigint as export_rows
       from public.audit_events, period
       where action in ('refresh', 'rules-change', 'export') and created_at >= period.starts and created_at < period.ends
       group by 1, 2
     ),
     imported as (
       select agency_id, date_trunc('week', finished_at at time zone 'utc')::date as week,
              count(*)::int as imports, sum(rows_valid)::bigint as import_rows
       from public.import_jobs, period
       where status = 'committed' and finished_at >= period.starts and finished_at < period.ends
       group by 1, 2
     ),
     scheduled as (
       select agency_id, date_trunc('week', created_at at time zone 'utc')::date as week, count(*)::int as scheduled
       from public.application_logs, period
       where job = 'insights-refresh' and details->>'mode' in ('recent', 'full')
         and created_at >= period.starts and created_at < period.ends
       group by 1, 2
     )
     select to_char(w.week, 'YYYY-MM-DD') as week, a.slug, a.name,
            coalesce(v.views, 0) as views, coalesce(au.manual, 0) as manual, coalesce(au.rules_change, 0) as rules_change,
            coalesce(i.imports, 0) as import_refreshes, coalesce(s.scheduled, 0) as scheduled,
            coalesce(au.exports, 0) as exports, coalesce(au.export_rows, 0)::float8 as export_rows,
            coalesce(i.imports, 0) as imports, coalesce(i.import_rows, 0)::float8 as import_rows
     from weeks w cross join chosen a
     left join views v on v.agency_id = a.id and v.week = w.week
     left join audited au on au.agency_id = a.id and au.week = w.week
     left join imported i on i.agency_id = a.id and i.week = w.week
     left join scheduled s on s.agency_id = a.id and s.week = w.week
     order by w.week, a.slug`,
    [from, until, agencySlug ?? null],
  );
  return rows.map((row) => ({
    week: { from: row.week, to: addDays(row.week, 6) },
    agency: { slug: row.slug, name: row.name },
    dashboardViews: row.views,
    refreshes: {
      manual: row.manual,
      rulesChange: row.rules_change,
      import: row.import_refreshes,
      scheduled: row.scheduled,
      total: row.manual + row.rules_change + row.import_refreshes + row.scheduled,
    },
    exports: { count: row.exports, rows: row.export_rows },
    imports: { count: row.imports, rows: row.import_rows },
  }));
}
