import type { SegmentationSummary } from '@/lib/segmentation/summary';
import type { SegmentationTrends } from '@/lib/segmentation/use-cases/trends';
import { POLICY_WORDS } from '@/lib/segmentation/policy';
import { describeTierRules } from '@/lib/segmentation/rules';
import { FALLBACK_TIER, type Tier } from '@/lib/segmentation/tiers';
import { COUNT_LABELS } from '@/lib/segmentation/count-labels';
import { DemoBookNotice } from '@/components/import/DemoBookNotice';
import { formatCount, formatCurrency, formatDecimal } from '../format';
import { ComparisonPicker } from './ComparisonPicker';
import { countDelta, decimalDelta, moneyDelta } from './deltas';
import { SummaryCard } from './SummaryCard';
import { DataModeBadge } from './DataModeBadge';
import { MethodologyPanel } from './MethodologyPanel';
import { ShareChart } from './ShareChart';
import { TierCard } from './TierCard';
import { TrendsSection } from './TrendsSection';
import { DashboardActions, DashboardLive, MethodologySlot, RefreshStatus } from './DashboardLive';

/** What the reader chose: the snapshot to compare with, and the trend's span (with the snapshot days on offer). */
export interface DashboardChoices {
  compareTo: string;
  months: number;
  compareDays: string[];
  /** The other selector's choice each form carries along (none when at its default). */
  carried: { byComparison: Record<string, string>; byTrends: Record<string, string> };
  /** How to get history, for the trend's short-history note. */
  historyHint: string;
}

const ppc = (policies: number, customers: number) => (customers === 0 ? 0 : policies / customers);

/**
 * Analytics → Customer Segmentation (SPEC §8, §11), rendered on the server from the same summary
 * the API returns: every figure, its change since the compared snapshot, and the trends are in
 * the HTML before any script runs. The client islands (DashboardLive.tsx) add Refresh, the
 * methodology panel, the tier explanations and selectors that apply when changed.
 */
export function CustomerSegmentationDashboard(props: {
  summary: SegmentationSummary;
  trends: SegmentationTrends;
  choices: DashboardChoices;
  canRecompute: boolean;
  role: string;
}) {
  const { summary, trends, choices, canRecompute, role } = props;
  const { totals, segments, methodology, comparison } = summary;
  const then = comparison?.totals;
  const notComputed = summary.dataMode === 'live' && summary.computedAt === null;
  const rulesInWords = (tier: Tier) =>
    tier === FALLBACK_TIER ? 'Every other customer with a policy in force.' : `${describeTierRules(methodology.rules, tier)}.`;

  return (
    <DashboardLive agencyId={summary.agency.id} dataMode={summary.dataMode} customers={totals.customers} canRecompute={canRecompute}>
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <p className="text-sm font-medium text-slate-600">Analytics</p>
          <h1 className="text-2xl font-bold text-slate-900 sm:text-3xl">Customer Segmentation</h1>
          <p className="mt-1 text-slate-700">
            <span data-testid="agency-name">{summary.agency.name}</span> · signed in as <span data-testid="agency-role">{role}</span>
          </p>
          <div className="mt-2">
            <DataModeBadge dataMode={summary.dataMode} computedAt={summary.computedAt} />
          </div>
        </div>
        <DashboardActions />
      </div>

      <RefreshStatus computed={summary.computedAt !== null} />

      {summary.dataMode === 'demo' && <DemoBookNotice role={role} />}

      {notComputed && (
        <div className="rounded-xl border border-slate-200 bg-white p-4 text-sm" data-testid="not-computed-notice">
          <p className="font-semibold">Tiers have not been computed for this book yet.</p>
          <p className="mt-1">
            {canRecompute
              ? 'Press Refresh to compute them now.'
              : 'They are computed by the nightly refresh, or ask an owner or admin to refresh now.'}
          </p>
        </div>
      )}

      <ComparisonPicker
        selected={choices.compareTo}
        days={choices.compareDays}
        comparison={comparison}
        unavailable={summary.comparisonUnavailable}
        keep={choices.carried.byComparison}
      />

      <MethodologySlot>
        <MethodologyPanel
          id="methodology"
          rules={methodology.rules}
          version={methodology.version}
          asOf={summary.asOf}
          dataMode={summary.dataMode}
          canEdit={canRecompute}
        />
      </MethodologySlot>

      <section aria-labelledby="summary-heading">
        <h2 id="summary-heading" className="sr-only">
          Book summary
        </h2>
        <dl className="grid grid-cols-2 gap-4 md:grid-cols-3 lg:grid-cols-6">
          <SummaryCard
            label={COUNT_LABELS.customersInForce}
            value={formatCount(totals.customers)}
            hint={`+ ${formatCount(totals.inactiveCustomers)} ${COUNT_LABELS.customersWithoutPolicy.toLowerCase()}`}
            testId="summary-customers"
            delta={then && countDelta(then.customers, { one: 'customer', many: 'customers' })}
            since={comparison?.asOf}
          />
          <SummaryCard
            label="Annual premium"
            value={formatCurrency(totals.annualPremium)}
            testId="summary-premium"
            delta={then && moneyDelta(then.annualPremium)}
          />
          <SummaryCard
            label="Average premium"
            value={formatCurrency(totals.avgPremium)}
            testId="summary-avg-premium"
            delta={then && moneyDelta(then.avgPremium)}
          />
          <SummaryCard
            label={COUNT_LABELS.policiesPerCustomer}
            value={formatDecimal(ppc(totals.policies, totals.customers))}
            hint={`${formatCount(totals.policies)} ${COUNT_LABELS.policiesInForce.toLowerCase()}`}
            testId="summary-policies-per-customer"
            delta={then && decimalDelta(ppc(totals.policies, totals.customers), ppc(then.policies.then, then.customers.then))}
          />
          <SummaryCard
            label="Cross-sell opportunities"
            value={formatCount(totals.crossSellOpportunities)}
            hint={`${POLICY_WORDS.valuedTiersOr} with ${POLICY_WORDS.crossSellLinesShort}`}
            testId="summary-cross-sell"
            href={summary.dataMode === 'live' ? '/analytics/segmentation/cross-sell' : undefined}
            delta={then && countDelta(then.crossSellOpportunities, { one: 'opportunity', many: 'opportunities' })}
          />
          <SummaryCard
            label="Renewal watch"
            value={formatCount(totals.renewalWatch)}
            hint={`${POLICY_WORDS.valuedTiersOr} renewing ${POLICY_WORDS.renewalWindow}`}
            testId="summary-renewal-watch"
            href={summary.dataMode === 'live' ? '/analytics/segmentation/renewal-watch' : undefined}
            // Not counted on a day computed from policy dates: a renewal window looks forward from its day.
            delta={then?.renewalWatch ? countDelta(then.renewalWatch, { one: 'customer', many: 'customers' }) : undefined}
          />
        </dl>
      </section>

      <section aria-labelledby="tiers-heading">
        <h2 id="tiers-heading" className="sr-only">
          Tiers
        </h2>
        <ul className="grid grid-cols-1 gap-4 md:grid-cols-2 lg:grid-cols-4">
          {segments.map((segment, index) => (
            <TierCard
              key={segment.tier}
              segment={segment}
              rulesInWords={rulesInWords(segment.tier)}
              customersHref={summary.dataMode === 'live' ? `/analytics/segmentation/${segment.tier}` : undefined}
              comparison={comparison ? { tier: comparison.segments[index]!, asOf: comparison.asOf } : undefined}
            />
          ))}
        </ul>
      </section>

      <ShareChart segments={segments} comparison={comparison} />

      <TrendsSection trends={trends} keep={choices.carried.byTrends} historyHint={choices.historyHint} />
    </DashboardLive>
  );
}
