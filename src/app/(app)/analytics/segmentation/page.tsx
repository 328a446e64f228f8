import type { Metadata } from 'next';
import { CustomerSegmentationDashboard } from '@/components/segmentation/CustomerSegmentationDashboard';
import { FreshnessBanner } from '@/components/segmentation/FreshnessBanner';
import { MoversLinks } from '@/components/segmentation/MoversLinks';
import { RetentionPanel } from '@/components/segmentation/RetentionPanel';
import { loadPageData } from '@/lib/http/run-page-use-case';
import type { FieldProblem } from '@/lib/domain-error';
import { backfillHint } from '@/lib/segmentation/comparison';
import { DEFAULT_TREND_MONTHS } from '@/lib/segmentation/trends';
import { DEFAULT_COMPARE_TO, getDashboard } from '@/lib/segmentation/use-cases/dashboard';
import { roleHas } from '@/lib/tenancy/permissions';

// The app's name is the page's name: absolute, or the layout's template would repeat it.
export const metadata: Metadata = { title: { absolute: 'Customer Segmentation' } };

type SearchParams = Record<string, string | string[] | undefined>;

const path = '/analytics/segmentation';
const CHOICE_NAMES: Record<string, string> = { 'query.compareTo': '“Compare with”', 'query.months': '“Show the last”' };

/** A refused choice in the selectors' words ('“Compare with”: No snapshot was taken on …'). */
const describeRefusal = ({ field, message }: FieldProblem) => `${CHOICE_NAMES[field] ?? field}: ${message}`;

/**
 * Analytics → Customer Segmentation: rendered here from the domain functions the API serves
 * (summary with ?compareTo=, trends with ?months=). A choice the page cannot show (a day without
 * a snapshot, months out of range) is explained above the figures at their defaults (the use case
 * checks each choice on its own and falls back per choice).
 */
export default async function SegmentationPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const shown = await loadPageData(getDashboard, { path, searchParams: await searchParams });
  if (!shown) return null;
  const { value, agency } = shown;
  const { compareTo, months } = value.query;
  // Keyed by agency, so switching agency starts the dashboard's islands afresh.
  return (
    <>
      {value.refused.length > 0 && (
        <p role="alert" className="mb-4 rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm" data-testid="dashboard-choice-problem">
          {value.refused.map(describeRefusal).join(' ')} Showing the default{value.refused.length > 1 ? 's' : ''} instead.
        </p>
      )}
      <FreshnessBanner freshness={value.freshness} canRecompute={roleHas(agency.role, 'insights:refresh')} />
      <CustomerSegmentationDashboard
        key={agency.agencyId}
        summary={value.summary}
        trends={value.trends}
        choices={{
          compareTo,
          months,
          compareDays: value.compareDays,
          carried: {
            byComparison: months === DEFAULT_TREND_MONTHS ? {} : { months: String(months) },
            byTrends: compareTo === DEFAULT_COMPARE_TO ? {} : { compareTo },
          },
          historyHint: backfillHint(agency.slug),
        }}
        canRecompute={roleHas(agency.role, 'insights:refresh')}
        role={agency.role}
      />
      <MoversLinks className="mt-6" showMovement />
      <RetentionPanel />
    </>
  );
}
