/**
 * The refresh an external scheduler asks for (the cron route): every agency, the recently changed
 * ones, or one; it always runs (the once-a-day refresh, with its claim, is daily-refresh.ts). Runs
 * as the service, not as a user; the adapter checks the cron secret. Per-agency failures are
 * counted here and logged by the refresh; their messages never leave the server.
 */
import { z } from 'zod';
import { REFRESH_MODES, refreshCustomerInsights } from '../refresh';

export const ScheduledRefreshQuery = z
  .object({
    mode: z.enum(REFRESH_MODES).default('recent').meta({
      description:
        '`full`: every agency; `recent`: every agency, only customers with a policy change in the last 90 days; `agency`: the one named by `agency`.',
    }),
    agency: z.uuid('Must be an agency id.').optional().meta({ description: 'The agency to refresh, with `mode=agency`.' }),
  })
  .refine((query) => query.mode !== 'agency' || query.agency, { message: 'Mode "agency" needs ?agency=<id>.', path: ['agency'] });

export interface ScheduledRefreshOutcome {
  mode: (typeof REFRESH_MODES)[number];
  agencies: number;
  failed: number;
  rows: number;
  results: { agencyId: string; status: string; rows: number; durationMs: number }[];
}

export const scheduledRefresh = {
  query: ScheduledRefreshQuery,
  errors: ['not-found'] as const,
  run: async (query: z.output<typeof ScheduledRefreshQuery>): Promise<ScheduledRefreshOutcome> => {
    const results = await refreshCustomerInsights({ mode: query.mode, agencyId: query.agency });
    return {
      mode: query.mode,
      agencies: results.length,
      failed: results.filter((result) => result.status === 'error').length,
      rows: results.reduce((sum, r) => sum + r.rows, 0),
      results: results.map(({ agencyId, status, rows, durationMs }) => ({ agencyId, status, rows, durationMs })),
    };
  },
};
