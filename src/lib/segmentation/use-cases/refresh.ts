/**
 * Recomputing the current agency's tiers on demand (Refresh on the dashboard), then the new
 * summary. A failed recomputation leaves the previous figures standing and says so.
 */
import { prepareDefaultMovers } from '@/lib/customers/use-cases/movers';
import { DomainError } from '@/lib/domain-error';
import { logger } from '@/lib/observability/logger';
import { agencyUseCase, type AgencyCaller } from '@/lib/use-case';
import { refreshAgency, RefreshFailedError } from '../refresh';
import { readSummary } from './summary';

/** Recomputes the agency's tiers; a failure (logged by the refresh) is told in the caller's words. */
export async function recomputeTiers(agencyId: string, failure: { title: string; message: string }) {
  // Whoever waits on it waits for the tiers; a month-end's retention follows in the background.
  await refreshAgency(agencyId, { mode: 'agency', retention: 'background' }).catch((error: unknown) => {
    if (!(error instanceof RefreshFailedError)) throw error;
    throw new DomainError('unavailable', failure.message, { ...error.details, title: failure.title });
  });
  // Not awaited: the caller's answer does not wait for the movers list (it logs its own failure).
  void prepareDefaultMovers(agencyId);
}

/**
 * A Refresh someone asked for, in the audit trail: the only record that tells it from the refreshes
 * an import or a rules change starts (the usage report counts them apart). Not recording it is
 * logged; the refresh itself stands.
 */
async function recordManualRefresh({ agency, session, db, requestId }: AgencyCaller, completed: boolean) {
  await db((tx) =>
    tx.query(`insert into public.audit_events (agency_id, actor_id, action, details) values ($1, $2, 'refresh', $3)`, [
      agency.agencyId,
      session.userId,
      { completed, requestId },
    ]),
  ).catch((error: unknown) => logger.error({ requestId, err: { message: (error as Error).message } }, 'could not record a refresh'));
}

export const refreshTiers = agencyUseCase({
  permission: 'insights:refresh',
  rateLimit: 'refresh',
  errors: ['unavailable'],
  run: async (caller) => {
    let completed = false;
    try {
      await recomputeTiers(caller.agency.agencyId, {
        title: 'Refresh failed',
        message: 'The tiers could not be recomputed just now; the previous figures still stand. Try again shortly.',
      });
      completed = true;
    } finally {
      await recordManualRefresh(caller, completed);
    }
    return readSummary(caller);
  },
});
