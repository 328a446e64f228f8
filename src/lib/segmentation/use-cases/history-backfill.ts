/**
 * "Compute history" on the dashboard (SPEC §11): owners and admins start the 36-month history
 * backfill of the current agency in the background; every member reads its progress. A second
 * start while one runs is a conflict carrying the running one's progress.
 */
import { agencyUseCase } from '@/lib/use-case';
import { readHistoryState, startBackfillRun } from '../backfill-runs';

export const getHistoryBackfill = agencyUseCase({
  permission: 'analytics:read',
  rateLimit: 'read',
  errors: [],
  run: ({ agency, db }) => db((tx) => readHistoryState(tx, agency.agencyId)),
});

export const startHistoryBackfill = agencyUseCase({
  permission: 'insights:refresh',
  rateLimit: 'refresh',
  errors: ['conflict', 'unprocessable'],
  run: async ({ agency, session, requestId }) => ({
    run: await startBackfillRun(agency.agencyId, { userId: session.userId, requestId }),
  }),
});
