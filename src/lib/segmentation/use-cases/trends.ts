/**
 * Trends: month by month over up to 36 months, each tier's customers and premium (SPEC §11).
 * An agency without history (or showing demo data) gets an empty series and what to do about
 * it, never an error. The API and the dashboard share it.
 */
import { z } from 'zod';
import type { Queryable } from '@/lib/db';
import type { Membership } from '@/lib/tenancy/agencies';
import { agencyUseCase } from '@/lib/use-case';
import { backfillHint, DEMO_HISTORY_MESSAGE } from '../comparison';
import { DEFAULT_TREND_MONTHS, monthlyTrend, TrendMonths, type TrendPoint } from '../trends';

export interface SegmentationTrends {
  dataMode: 'live' | 'demo';
  /** The months asked for; the series holds those of them with a snapshot. */
  months: number;
  points: TrendPoint[];
  /** Why the series is empty, and how to fill it; null when it is not. */
  empty: { reason: 'demo-data' | 'no-history'; message: string } | null;
}

export const TrendsQuery = z.object({ months: TrendMonths.default(DEFAULT_TREND_MONTHS) });

export async function getSegmentationTrends(tx: Queryable, agency: Membership, months: number): Promise<SegmentationTrends> {
  const [book] = await tx.query<{ has_customers: boolean }>(
    'select exists (select 1 from public.customers where agency_id = $1) as has_customers',
    [agency.agencyId],
  );
  if (!book?.has_customers) return { dataMode: 'demo', months, points: [], empty: { reason: 'demo-data', message: DEMO_HISTORY_MESSAGE } };
  const points = await monthlyTrend(tx, agency.agencyId, months);
  const empty =
    points.length === 0
      ? { reason: 'no-history' as const, message: `No snapshot yet: the first refresh takes one. ${backfillHint(agency.slug)}` }
      : null;
  return { dataMode: 'live', months, points, empty };
}

export const getTrends = agencyUseCase({
  permission: 'analytics:read',
  rateLimit: 'read',
  query: TrendsQuery,
  errors: ['invalid'],
  run: ({ agency, db }, { query }) => db((tx) => getSegmentationTrends(tx, agency, query.months)),
});
