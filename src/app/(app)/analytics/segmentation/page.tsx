import type { Metadata } from 'next';
import { CustomerSegmentationDashboard } from '@/components/segmentation/CustomerSegmentationDashboard';
import { FreshnessBanner } from '@/components/segmentation/FreshnessBanner';
import { MoversLinks } from '@/components/segmentation/MoversLinks';
import { RetentionPanel } from '@/components/segmentation/RetentionPanel';
import { runPageUseCase } from '@/lib/http/run-page-use-case';
import type { DomainError } from '@/lib/domain-error';
import { backfillHint } from '@/lib/segmentation/comparison';
import { DEFAULT_TREND_MONTHS } from '@/lib/segmentation/trends';
import { DEFAULT_COMPARE_TO, getDashboard } from '@/lib/segmentation/use-cases/dashboard';
import { roleHas } from '@/lib/tenancy/permissions';

// The app's name is the page's name: absolute, or the layout's template would repeat it.
export const metadata: Metadata = { title: { absolute: 'Customer Segmentation' } };

type SearchParams = Record<string, string | string[] | undefined>;

const path = '/analytics/segmentation';
const CHOICE_NAMES: Record<string, string> = { 'query.compareTo': '“Compare with”', 'query.months': '“Show the last”' };

/** A refusal in the selectors' words ('“Compare with”: No snapshot was taken on …'). */
const describeRefusal = (refusal: DomainError) =>
  (refusal.details.fields ?? []).map(({ field, message }) => `${CHOICE_NAMES[field] ?? field}: ${message}`).join(' ') || refusal.message;

/**
 * The dashboard for the address's choices; a choice it refuses is dropped (its default shown) and
 * the refusal kept to explain. The input is read field by field before the snapshot day is
 * checked, so a bad span and a day without a snapshot are refused one after the other.
 */
async function loadDashboard(searchParams: SearchParams) {
  const kept = { ...searchParams };
  const refusals: string[] = [];
  for (let attempt = 0; attempt <= Object.keys(CHOICE_NAMES).length; attempt += 1) {
    const outcome = await runPageUseCase(getDashboard, { path, searchParams: kept });
    if (!outcome || outcome.ok) return { outcome, refusals };
    const fields = (outcome.error.details.fields ?? []).map(({ field }) => field.replace(/^query\./, '')).filter((name) => name in kept);
    if (outcome.error.code !== 'invalid' || fields.length === 0) throw outcome.error;
    refusals.push(describeRefusal(outcome.error));
    for (const name of fields) delete kept[name];
  }
  throw new Error('The dashboard refused its default choices.');
}

/**
 * Analytics → Customer Segmentation: rendered here from the domain functions the API serves
 * (summary with ?compareTo=, trends with ?months=). A choice the page cannot show (a day without
 * a snapshot, months out of range) is explained above the figures at their defaults.
 */
export default async function SegmentationPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { outcome: shown, refusals } = await loadDashboard(await searchParams);
  if (!shown) return null;
  const { value, agency } = shown;
  const { compareTo, months } = value.query;
  // Keyed by agency, so switching agency starts the dashboard's islands afresh.
  return (
    <>
      {refusals.length > 0 && (
        <p role="alert" className="mb-4 rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm" data-testid="dashboard-choice-problem">
          {refusals.join(' ')} Showing the default{refusals.length > 1 ? 's' : ''} instead.
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
