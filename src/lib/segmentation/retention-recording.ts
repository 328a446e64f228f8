import { type Database } from '@/lib/db';
import { asServiceJob } from '@/lib/db/service-job';

/**
 * Records retention (SPEC §11) for every month-end snapshot whose retention is still to figure
 * (insight_refresh_days.retention_recorded_at is null: never figured, or its day refreshed since),
 * in one read of the tier history (private.record_retention_on, which passes over days without a
 * year of history before them). The backfill calls it once at the end; every refresh calls it after
 * its commit, so a month-end whose recording failed or was cut short is recorded by the next
 * refresh. Returns the number of days recorded.
 */
export async function recordPendingRetention(agencyId: string, db?: Database): Promise<number> {
  return asServiceJob(async (tx) => {
    const [row] = await tx.query<{ days: number }>(
      `select private.record_retention_on($1, coalesce(array_agg(d.as_of), '{}')) as days
       from public.insight_refresh_days d
       where d.agency_id = $1 and extract(day from d.as_of + 1) = 1 and d.retention_recorded_at is null`,
      [agencyId],
    );
    return row!.days;
  }, db);
}
