import type { SegmentationSummary } from '@/lib/segmentation/summary';
import { POLICY_WORDS } from '@/lib/segmentation/policy';
import { describeTierRules } from '@/lib/segmentation/rules';
import { FALLBACK_TIER, type Tier } from '@/lib/segmentation/tiers';
import { COUNT_LABELS } from '@/lib/segmentation/count-labels';
import { DemoBookNotice } from '@/components/import/DemoBookNotice';
import { formatCount, formatCurrency, formatDecimal } from '../format';
import { SummaryCard } from './SummaryCard';
import { DataModeBadge } from './DataModeBadge';
import { MethodologyPanel } from './MethodologyPanel';
import { ShareChart } from './ShareChart';
import { TierCard } from './TierCard';
import { DashboardActions, DashboardLive, MethodologySlot, RefreshStatus } from './DashboardLive';

/**
 * Analytics → Customer Segmentation (SPEC §8), rendered on the server from the same summary the
 * API returns: every figure is in the HTML before any script runs. The client islands
 * (DashboardLive.tsx) add Refresh, the methodology panel and the tier explanations.
 */
export function CustomerSegmentationDashboard(props: { summary: SegmentationSummary; canRecompute: boolean; role: string }) {
  const { summary, canRecompute, role } = props;
  const { totals, segments, methodology } = summary;
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
          />
          <SummaryCard label="Annual premium" value={formatCurrency(totals.annualPremium)} testId="summary-premium" />
          <SummaryCard label="Average premium" value={formatCurrency(totals.avgPremium)} />
          <SummaryCard
            label={COUNT_LABELS.policiesPerCustomer}
            value={formatDecimal(totals.customers === 0 ? 0 : totals.policies / totals.customers)}
            hint={`${formatCount(totals.policies)} ${COUNT_LABELS.policiesInForce.toLowerCase()}`}
          />
          <SummaryCard
            label="Cross-sell opportunities"
            value={formatCount(totals.crossSellOpportunities)}
            hint={`${POLICY_WORDS.valuedTiersOr} with ${POLICY_WORDS.crossSellLinesShort}`}
            testId="summary-cross-sell"
            href={summary.dataMode === 'live' ? '/analytics/segmentation/cross-sell' : undefined}
          />
          <SummaryCard
            label="Renewal watch"
            value={formatCount(totals.renewalWatch)}
            hint={`${POLICY_WORDS.valuedTiersOr} renewing ${POLICY_WORDS.renewalWindow}`}
            testId="summary-renewal-watch"
            href={summary.dataMode === 'live' ? '/analytics/segmentation/renewal-watch' : undefined}
          />
        </dl>
      </section>

      <section aria-labelledby="tiers-heading">
        <h2 id="tiers-heading" className="sr-only">
          Tiers
        </h2>
        <ul className="grid grid-cols-1 gap-4 md:grid-cols-2 lg:grid-cols-4">
          {segments.map((segment) => (
            <TierCard
              key={segment.tier}
              segment={segment}
              rulesInWords={rulesInWords(segment.tier)}
              customersHref={summary.dataMode === 'live' ? `/analytics/segmentation/${segment.tier}` : undefined}
            />
          ))}
        </ul>
      </section>

      <ShareChart segments={segments} />
    </DashboardLive>
  );
}
