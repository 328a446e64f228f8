/**
 * "Compute history" on the dashboard (SPEC §11): owners and admins start the 36-month history
 * backfill of the current agency in the background (`mode=recompute`: every month-end again, from
 * the policy dates on file now); every member reads its progress. A second start while one runs is
 * a conflict carrying the running one's progress.
 */
import { z } from 'zod';
import { agencyUseCase } from '@/lib/use-case';
import { BACKFILL_MODES, readHistoryState, startBackfillRun } from '../backfill-runs';

export const getHistoryBackfill = agencyUseCase({
  permission: 'analytics:read',
  rateLimit: 'read',
  errors: [],
  run: ({ agency, db }) => db((tx) => readHistoryState(tx, agency.agencyId)),
});

export const startHistoryBackfill = agencyUseCase({
  permission: 'insights:refresh',
  rateLimit: 'refresh',
  query: z.object({
    mode: z
      .enum(BACKFILL_MODES, { error: `Must be one of ${BACKFILL_MODES.join(', ')}.` })
      .default('missing')
      .describe('missing: the month-ends not computed yet. recompute: forget the history and compute every month-end again.'),
  }),
  errors: ['conflict', 'unprocessable'],
  run: async ({ agency, session, requestId }, { query }) => ({
    run: await startBackfillRun(agency.agencyId, { userId: session.userId, requestId }, query.mode),
  }),
});
