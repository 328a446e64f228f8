/**
 * The dashboard page's figures in one transaction: the summary compared with an earlier snapshot
 * (30 days ago unless the reader chose otherwise), the trends, and the snapshot days its period
 * selector offers. The same domain functions as GET /api/analytics/segmentation?compareTo= and
 * …/trends, with the same query schemas; only the page's defaults differ (the API compares with
 * nothing unless asked).
 */
import { z } from 'zod';
import { agencyUseCase } from '@/lib/use-case';
import { addDays } from '../dates';
import { getFreshness } from '../freshness';
import { listSnapshotDays, SnapshotDaySpec } from '../snapshot-days';
import { getSegmentationSummary } from '../summary';
import { DEFAULT_TREND_MONTHS, TrendMonths } from '../trends';
import { getSegmentationTrends } from './trends';

export const DEFAULT_COMPARE_TO = '30d';

/** Every snapshot of the last ~3 months, then one a month (its latest): a choice list of at most ~130 days, not one per refresh. */
const RECENT_DAYS = 92;

export function comparisonChoices(days: readonly string[], chosen: string): string[] {
  const [latest] = days;
  if (latest === undefined) return [];
  const recentFrom = addDays(latest, -RECENT_DAYS);
  const shownMonths = new Set<string>();
  return days.slice(1).filter((day) => {
    const month = day.slice(0, 7);
    const shown = day >= recentFrom || day === chosen || !shownMonths.has(month);
    if (shown) shownMonths.add(month);
    return shown;
  });
}

export const getDashboard = agencyUseCase({
  permission: 'analytics:read',
  rateLimit: 'read',
  query: z.object({
    compareTo: SnapshotDaySpec.default(DEFAULT_COMPARE_TO),
    months: TrendMonths.default(DEFAULT_TREND_MONTHS),
  }),
  errors: ['invalid'],
  run: async ({ agency, db }, { query }) => {
    const figures = await db(async (tx) => {
      const summary = await getSegmentationSummary(tx, agency, { compareTo: query.compareTo });
      const trends = await getSegmentationTrends(tx, agency, query.months);
      const days = summary.dataMode === 'live' ? await listSnapshotDays(tx, agency.agencyId, { withFigures: true }) : [];
      return { summary, trends, query, compareDays: comparisonChoices(days, query.compareTo) };
    });
    return { ...figures, freshness: await getFreshness(agency, figures.summary) };
  },
});
