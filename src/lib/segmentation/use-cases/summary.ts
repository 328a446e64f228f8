/**
 * The dashboard's figures: the tier summary of the current agency (what the refresh last
 * computed; an agency without customers gets the illustrative book), compared with an earlier
 * snapshot when asked (compareTo: a snapshot day, or 30d, month-end, year), and a posted batch
 * scored with the agency's rules without storing anything.
 */
import { z } from 'zod';
import { todayIso } from '@/lib/segmentation';
import { agencyUseCase } from '@/lib/use-case';
import { ScoreBatchSchema } from '../batch-schema';
import { loadAgencyRules } from '../rules-store';
import { SnapshotDaySpec } from '../snapshot-days';
import { getSegmentationSummary, scoreCustomers } from '../summary';

export const SummaryQuery = z.object({ compareTo: SnapshotDaySpec.optional() });

export const getSummary = agencyUseCase({
  permission: 'analytics:read',
  rateLimit: 'read',
  query: SummaryQuery,
  errors: ['invalid'],
  run: ({ agency, db }, { query }) => db((tx) => getSegmentationSummary(tx, agency, { compareTo: query.compareTo })),
});

export const scoreBatch = agencyUseCase({
  permission: 'analytics:read',
  rateLimit: 'batch',
  body: ScoreBatchSchema,
  // 10,000 customers with their policies.
  maxBodyBytes: 8 * 1024 * 1024,
  errors: [],
  run: async ({ agency, db }, { body }) => {
    const methodology = await db((tx) => loadAgencyRules(tx, agency.agencyId));
    const asOf = body.asOf ?? todayIso();
    return { portfolioAnalysis: { asOf, methodology, ...scoreCustomers(body.customers, methodology.rules, asOf) } };
  },
});
