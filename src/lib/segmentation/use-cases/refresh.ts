/**
 * Recomputing the current agency's tiers on demand (Refresh on the dashboard), then the new
 * summary. A failed recomputation leaves the previous figures standing and says so.
 */
import { DomainError } from '@/lib/domain-error';
import { agencyUseCase } from '@/lib/use-case';
import { refreshAgency } from '../refresh';
import { getSegmentationSummary } from '../summary';

/** How long a client waits before trying a failed refresh again. */
const REFRESH_RETRY_AFTER_SECONDS = 30;

/** Recomputes the agency's tiers; a failure is an `unavailable` the caller can retry (the run is logged by the refresh). */
export async function recomputeTiers(agencyId: string, failure: { title: string; message: string }) {
  const result = await refreshAgency(agencyId, { mode: 'agency' });
  if (result.status === 'error') {
    throw new DomainError('unavailable', failure.message, {
      title: failure.title,
      kind: 'refresh-failed',
      retryAfterSeconds: REFRESH_RETRY_AFTER_SECONDS,
    });
  }
}

export const refreshTiers = agencyUseCase({
  permission: 'insights:refresh',
  rateLimit: 'refresh',
  errors: ['unavailable'],
  run: async ({ agency, db }) => {
    await recomputeTiers(agency.agencyId, {
      title: 'Refresh failed',
      message: 'The tiers could not be recomputed just now; the previous figures still stand. Try again shortly.',
    });
    return db((tx) => getSegmentationSummary(tx, agency));
  },
});
