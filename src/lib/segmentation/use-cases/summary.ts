/**
 * The dashboard's figures: the tier summary of the current agency (what the refresh last
 * computed; an agency without customers gets the illustrative book), compared with an earlier
 * snapshot when asked (compareTo: a snapshot day, or 30d, month-end, year), and a posted batch
 * scored with the agency's rules without storing anything.
 */
import { z } from 'zod';
import { todayIso } from '@/lib/segmentation';
import { agencyUseCase, type AgencyCaller } from '@/lib/use-case';
import { ScoreBatchSchema } from '../batch-schema';
import { getFreshness, type Freshness } from '../freshness';
import { loadAgencyRules } from '../rules-store';
import { SnapshotDaySpec } from '../snapshot-days';
import { getSegmentationSummary, scoreCustomers, type SegmentationSummary } from '../summary';

/** The summary (compared with an earlier snapshot when asked), with how fresh its figures are and why not. */
export async function readSummary(
  { agency, db }: AgencyCaller,
  compareTo?: SnapshotDaySpec,
): Promise<SegmentationSummary & { freshness: Freshness }> {
  const summary = await db((tx) => getSegmentationSummary(tx, agency, { compareTo }));
  return { ...summary, freshness: await getFreshness(agency, summary) };
}

export const SummaryQuery = z.object({ compareTo: SnapshotDaySpec.optional() });

export const getSummary = agencyUseCase({
  permission: 'analytics:read',
  rateLimit: 'read',
  query: SummaryQuery,
  errors: ['invalid'],
  run: (caller, { query }) => readSummary(caller, query.compareTo),
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
