/**
 * The dashboard page's figures in one transaction: the summary compared with an earlier snapshot
 * (30 days ago unless the reader chose otherwise), the trends, and the snapshot days its period
 * selector offers. The same domain functions as GET /api/analytics/segmentation?compareTo= and
 * …/trends, with the same query schemas and day rule; only the page's defaults differ (the API
 * compares with nothing unless asked), and a page never refuses: each choice of the address is
 * checked on its own, up front, and one it cannot show is replaced by its default and explained
 * (`refused`, in the API's field-error words), the other choices kept.
 */
import { z } from 'zod';
import { DomainError, type FieldProblem } from '@/lib/domain-error';
import { countDashboardView } from '@/lib/usage/views';
import { agencyUseCase } from '@/lib/use-case';
import { addDays } from '../dates';
import { getFreshness } from '../freshness';
import { listSnapshotDays, resolveSnapshotDay, SnapshotDaySpec } from '../snapshot-days';
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

/** The choice's value by its schema, or its default with the refusal added to `refused`. */
function chosen<S extends z.ZodType>(schema: S, raw: string | undefined, fallback: z.output<S>, field: string, refused: FieldProblem[]) {
  if (raw === undefined) return fallback;
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  refused.push(...parsed.error.issues.map((issue) => ({ field: `query.${field}`, message: issue.message })));
  return fallback;
}

/** A date the history holds no snapshot of is refused by the same rule as the API's (resolveSnapshotDay), before anything is read. */
function snapshotDayOrDefault(days: readonly string[], compareTo: SnapshotDaySpec, refused: FieldProblem[]): SnapshotDaySpec {
  try {
    resolveSnapshotDay(days, compareTo, 'query.compareTo');
    return compareTo;
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== 'invalid') throw error;
    refused.push(...(error.details.fields ?? []));
    return DEFAULT_COMPARE_TO;
  }
}

export const getDashboard = agencyUseCase({
  permission: 'analytics:read',
  rateLimit: 'read',
  // Taken as text: each choice is checked in `run`, on its own (a bad one never refuses the page).
  query: z.object({ compareTo: z.string().optional(), months: z.string().optional() }),
  errors: [],
  run: async ({ agency, db, requestId }, { query: raw }) => {
    const refused: FieldProblem[] = [];
    const spec = chosen(SnapshotDaySpec, raw.compareTo, DEFAULT_COMPARE_TO, 'compareTo', refused);
    const months = chosen(TrendMonths, raw.months, DEFAULT_TREND_MONTHS, 'months', refused);
    // Counted beside the figures (on a server, another connection), so the page does not wait for it.
    const counted = countDashboardView(agency.agencyId, requestId);
    const figures = await db(async (tx) => {
      const days = await listSnapshotDays(tx, agency.agencyId, { withFigures: true });
      const compareTo = snapshotDayOrDefault(days, spec, refused);
      const summary = await getSegmentationSummary(tx, agency, { compareTo });
      const trends = await getSegmentationTrends(tx, agency, months);
      const compareDays = summary.dataMode === 'live' ? comparisonChoices(days, compareTo) : [];
      return { summary, trends, query: { compareTo, months }, compareDays };
    });
    const freshness = await getFreshness(agency, figures.summary);
    await counted;
    return { ...figures, refused, freshness };
  },
});
