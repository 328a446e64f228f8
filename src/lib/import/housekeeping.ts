import type { Queryable } from '@/lib/db';

/**
 * Housekeeping of import jobs, for every agency, done whenever a job is created (no scheduler
 * needed): reports nobody confirmed within a day are cancelled, and staged rows of recently
 * finished jobs (whose own cleanup may have failed) are dropped. Staged rows hold sealed PII, so
 * they must not outlive the decision they wait for.
 */

/** Staged rows of a report nobody acted on are dropped after a day. */
const STALE_VALIDATION = `interval '1 day'`;

export async function dropStaleStaging(tx: Queryable): Promise<void> {
  await tx.query(
    `with stale as (
       update public.import_jobs set status = 'cancelled', finished_at = now(), error = 'Not committed within a day.'
       where status in ('validated', 'validating') and created_at < now() - ${STALE_VALIDATION}
       returning id
     ), finished as (
       select id from stale
       union all
       select id from public.import_jobs where status in ('committed', 'failed', 'cancelled') and finished_at > now() - interval '2 days'
     )
     delete from private.import_staged_rows where job_id in (select id from finished)`,
  );
}
