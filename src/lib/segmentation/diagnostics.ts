import type { Queryable } from '@/lib/db';
import type { Columns, Narrowed, Nullable } from '@/lib/db/rows';
import type { Membership } from '@/lib/tenancy/agencies';
import { roleHas } from '@/lib/tenancy/permissions';

/**
 * What support needs to see about the signed-in agency (/help/troubleshooting). The counts in
 * force come from the same refresh aggregates as the dashboard, so the two pages never disagree;
 * the on-file counts (every customer and policy, any status) are read live.
 */
export interface AgencyDiagnostics {
  dataMode: 'live' | 'demo';
  /** As of the last refresh, as on the dashboard (see COUNT_LABELS). */
  customersInForce: number;
  customersWithoutPolicy: number;
  policiesInForce: number;
  customersOnFile: number;
  policiesOnFile: number;
  lastRefresh: { computedAt: Date; asOf: string; rulesVersion: number } | null;
  /** The last refresh runs and their outcome; null for roles that may not read job logs. */
  recentRuns:
    { at: Date; status: 'ok' | 'error'; mode: string; rows: number | null; durationMs: number | null; error: string | null }[] | null;
}

export async function getAgencyDiagnostics(tx: Queryable, agency: Membership): Promise<AgencyDiagnostics> {
  // One row always (a left join on `select 1`); the summary's columns are null before the first refresh.
  const [row] = await tx.query<
    { customers: number; policies: number; customers_in_force: number; policies_in_force: number } & Nullable<
      Columns<'agency_insight_summaries', 'computed_at' | 'as_of' | 'rules_version' | 'inactive_customers'>
    >
  >(
    `select (select count(*) from public.customers where agency_id = $1)::int as customers,
            (select count(*) from public.policies where agency_id = $1)::int as policies,
            (select coalesce(sum(t.customers), 0) from public.customer_segment_totals t where t.agency_id = $1)::int as customers_in_force,
            (select coalesce(sum(t.active_policies), 0) from public.customer_segment_totals t where t.agency_id = $1)::int as policies_in_force,
            s.inactive_customers, s.computed_at, s.as_of, s.rules_version
     from (select 1) as one left join public.agency_insight_summaries s on s.agency_id = $1`,
    [agency.agencyId],
  );
  // Job logs are for owners and admins (RLS says the same); others see the refresh time only.
  const recentRuns = roleHas(agency.role, 'insights:refresh')
    ? (
        await tx.query<
          Columns<'application_logs', 'created_at'> &
            Narrowed<
              'application_logs',
              {
                // The column's CHECK constraint, and what the refresh (its one writer) logs.
                status: 'ok' | 'error';
                details: { mode?: string; rows?: number; durationMs?: number; error?: string };
              }
            >
        >(
          `select created_at, status, details from public.application_logs
           where agency_id = $1 and job = 'insights-refresh' order by created_at desc, id desc limit 5`,
          [agency.agencyId],
        )
      ).map((log) => ({
        at: log.created_at,
        status: log.status,
        mode: log.details.mode ?? 'unknown',
        rows: log.details.rows ?? null,
        durationMs: log.details.durationMs ?? null,
        error: log.details.error ?? null,
      }))
    : null;
  if (!row) throw new Error('The diagnostics query returned no row.');
  return {
    dataMode: row.customers > 0 ? 'live' : 'demo',
    customersInForce: row.customers_in_force,
    customersWithoutPolicy: row.inactive_customers ?? 0,
    policiesInForce: row.policies_in_force,
    customersOnFile: row.customers,
    policiesOnFile: row.policies,
    lastRefresh:
      row.computed_at && row.as_of ? { computedAt: row.computed_at, asOf: row.as_of, rulesVersion: row.rules_version ?? 1 } : null,
    recentRuns,
  };
}
