import { type Database } from '@/lib/db';
import { asServiceJob } from '@/lib/db/service-job';

/**
 * Records retention (SPEC §11) for every month-end snapshot that has none yet, and again for
 * `recompute` when it is a month-end (a month-end refreshed a second time changed its states), in
 * one read of the tier history (private.record_retention_on, which passes over days without a year
 * of history before them). The backfill calls it once at the end; every refresh calls it after its
 * commit, so a month-end whose recording failed or was cut short is recorded by the next refresh.
 * Returns the number of days recorded.
 */
export async function recordPendingRetention(agencyId: string, options: { recompute?: string } = {}, db?: Database): Promise<number> {
  return asServiceJob(async (tx) => {
    const [row] = await tx.query<{ days: number }>(
      `select private.record_retention_on($1, coalesce(array_agg(d.as_of), '{}')) as days
       from public.insight_refresh_days d
       where d.agency_id = $1 and extract(day from d.as_of + 1) = 1
         and (d.as_of = $2::date
              or not exists (select 1 from public.insight_snapshot_retention r where r.agency_id = d.agency_id and r.as_of = d.as_of))`,
      [agencyId, options.recompute ?? null],
    );
    return row!.days;
  }, db);
}
