/**
 * Dashboard views, counted for the weekly usage report (src/lib/usage/report.ts): one counter
 * per agency and UTC day, nothing about who looked. Counting is bookkeeping, not the page's job:
 * it runs beside the page's own queries and a failure is logged, never shown.
 */
import { asService } from '@/lib/db';
import { logger } from '@/lib/observability/logger';
import { redact } from '@/lib/observability/redact';

/** One statement: the day's row is created or incremented in place (the row lock is held for that statement only). */
export async function countDashboardView(agencyId: string, requestId: string): Promise<void> {
  try {
    // The service role: members may not write the counters (they could inflate them); the
    // caller's membership was checked by the use case that counts.
    await asService((tx) =>
      tx.query(
        `insert into public.usage_counts as counter (agency_id, day, kind) values ($1, (now() at time zone 'utc')::date, 'dashboard-view')
         on conflict (agency_id, day, kind) do update set count = counter.count + 1`,
        [agencyId],
      ),
    );
  } catch (error) {
    logger.warn(
      { requestId, agencyId, err: { message: redact(error instanceof Error ? error.message : String(error)) } },
      'could not count a dashboard view',
    );
  }
}
