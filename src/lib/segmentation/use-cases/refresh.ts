/**
 * Recomputing the current agency's tiers on demand (Refresh on the dashboard), then the new
 * summary. A failed recomputation leaves the previous figures standing and says so.
 */
import { prepareDefaultMovers } from '@/lib/customers/use-cases/movers';
import { DomainError } from '@/lib/domain-error';
import { agencyUseCase } from '@/lib/use-case';
import { refreshAgency, RefreshFailedError } from '../refresh';
import { readSummary } from './summary';

/** Recomputes the agency's tiers; a failure (logged by the refresh) is told in the caller's words. */
export async function recomputeTiers(agencyId: string, failure: { title: string; message: string }) {
  await refreshAgency(agencyId, { mode: 'agency' }).catch((error: unknown) => {
    if (!(error instanceof RefreshFailedError)) throw error;
    throw new DomainError('unavailable', failure.message, { ...error.details, title: failure.title });
  });
  // Not awaited: the caller's answer does not wait for the movers list (it logs its own failure).
  void prepareDefaultMovers(agencyId);
}

export const refreshTiers = agencyUseCase({
  permission: 'insights:refresh',
  rateLimit: 'refresh',
  errors: ['unavailable'],
  run: async (caller) => {
    await recomputeTiers(caller.agency.agencyId, {
      title: 'Refresh failed',
      message: 'The tiers could not be recomputed just now; the previous figures still stand. Try again shortly.',
    });
    return readSummary(caller);
  },
});
