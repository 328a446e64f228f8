'use client';

import { LazyMotion, MotionConfig } from 'framer-motion';
import Link from 'next/link';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SegmentationSummary } from '@/lib/insights/summary';
// Only the zod-free parts of the segmentation module: this runs in the browser.
import { describeTierRules } from '@/lib/segmentation/rules';
import type { Tier } from '@/lib/segmentation/tiers';
import { track } from '@/lib/analytics/events';
import { COUNT_LABELS } from '@/lib/segmentation/count-labels';
import { DemoBookNotice } from '@/components/import/DemoBookNotice';
import { formatCount, formatCurrency, formatDecimal } from '../format';
import { SummaryCard } from '../SummaryCard';
import { DataModeBadge } from '../segmentation/DataModeBadge';
import { MethodologyPanel } from '../segmentation/MethodologyPanel';
import { ShareChart } from '../segmentation/ShareChart';
import { TierCard } from '../segmentation/TierCard';

interface Problem {
  detail?: string;
}

/** What went wrong, in words that say what to do next. */
async function describeFailure(response: Response): Promise<{ message: string; kind: 'server' | 'rate-limited' | 'unauthorized' }> {
  if (response.status === 401) return { kind: 'unauthorized', message: 'Your session has expired. Sign in again to refresh.' };
  if (response.status === 429) {
    const seconds = response.headers.get('retry-after');
    return { kind: 'rate-limited', message: `Too many refreshes. Try again in ${seconds ?? 'a few'} seconds.` };
  }
  const problem = (await response.json().catch(() => ({}))) as Problem;
  return { kind: 'server', message: problem.detail ?? 'The figures could not be refreshed. Try again in a moment.' };
}

// Motion only enhances (a changed count fades in after a refresh): its engine is fetched after
// the first paint instead of being parsed before the page can respond.
const loadMotionFeatures = () => import('../motion-features').then((module) => module.default);

/**
 * Analytics → Customer Segmentation (SPEC §8). Rendered on the server with the same summary the
 * API returns; this component only refreshes it through the API and keeps the page usable while
 * it does.
 */
export function CustomerSegmentationDashboard(props: { initialSummary: SegmentationSummary; canRecompute: boolean; role: string }) {
  const { initialSummary, canRecompute, role } = props;
  const [summary, setSummary] = useState(initialSummary);
  // Figures that arrive by a refresh may be animated; the server's first render never waits for motion.
  const [refreshedHere, setRefreshedHere] = useState(false);
  const [refreshing, setRefreshing] = useState(false);
  const [error, setError] = useState<{ message: string; kind: string } | null>(null);
  const [methodologyOpen, setMethodologyOpen] = useState(false);
  const [expandedTier, setExpandedTier] = useState<Tier | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const inFlight = useRef<AbortController | null>(null);

  useEffect(() => {
    track('segmentation_dashboard_viewed', { data_mode: initialSummary.dataMode, customer_count: initialSummary.totals.customers });
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => {
      clearInterval(timer);
      inFlight.current?.abort();
    };
  }, [initialSummary.dataMode, initialSummary.totals.customers]);

  const refresh = useCallback(async () => {
    const recompute = canRecompute && summary.dataMode === 'live';
    track('segmentation_refresh_clicked', { data_mode: summary.dataMode, recompute });
    inFlight.current?.abort();
    const controller = new AbortController();
    inFlight.current = controller;
    setRefreshing(true);
    setError(null);
    const startedAt = performance.now();
    try {
      const response = await fetch(recompute ? '/api/analytics/segmentation/refresh' : '/api/analytics/segmentation', {
        method: recompute ? 'POST' : 'GET',
        headers: { 'x-agency-id': summary.agency.id },
        cache: 'no-store',
        signal: controller.signal,
      });
      const duration = Math.round(performance.now() - startedAt);
      if (!response.ok) {
        const failure = await describeFailure(response);
        track('segmentation_api_error', { status: response.status, duration_ms: duration });
        track('segmentation_error_occurred', { kind: failure.kind });
        setError(failure);
        return;
      }
      const next = (await response.json()) as SegmentationSummary;
      track('segmentation_api_success', { duration_ms: duration, data_mode: next.dataMode });
      if (next.dataMode !== summary.dataMode) track('segmentation_data_mode_changed', { from: summary.dataMode, to: next.dataMode });
      setSummary(next);
      setRefreshedHere(true);
      setNow(Date.now());
    } catch (caught) {
      if ((caught as Error).name === 'AbortError') return;
      track('segmentation_error_occurred', { kind: 'network' });
      setError({ kind: 'network', message: 'Could not reach the server. Check your connection and try again.' });
    } finally {
      if (inFlight.current === controller) {
        inFlight.current = null;
        setRefreshing(false);
      }
    }
  }, [canRecompute, summary.agency.id, summary.dataMode]);

  const toggleMethodology = () => {
    track('segmentation_methodology_toggled', { action: methodologyOpen ? 'close' : 'open' });
    setMethodologyOpen(!methodologyOpen);
  };

  const toggleTier = (tier: Tier, count: number) => {
    if (expandedTier !== tier) track('segmentation_segment_clicked', { tier, customer_count: count });
    setExpandedTier(expandedTier === tier ? null : tier);
  };

  const { totals, segments, methodology } = summary;
  const notComputed = summary.dataMode === 'live' && summary.computedAt === null;
  const rulesInWords = (tier: Tier) =>
    tier === 'entry' ? 'Every other customer with a policy in force.' : `${describeTierRules(methodology.rules, tier)}.`;

  return (
    <LazyMotion features={loadMotionFeatures} strict>
      <MotionConfig reducedMotion="user">
        <div className="space-y-6" aria-busy={refreshing}>
          <div className="flex flex-wrap items-end justify-between gap-4">
            <div>
              <p className="text-sm font-medium text-slate-600">Analytics</p>
              <h1 className="text-2xl font-bold text-slate-900 sm:text-3xl">Customer Segmentation</h1>
              <p className="mt-1 text-slate-700">
                <span data-testid="agency-name">{summary.agency.name}</span> · signed in as <span data-testid="agency-role">{role}</span>
              </p>
              <div className="mt-2">
                <DataModeBadge dataMode={summary.dataMode} computedAt={summary.computedAt} now={now} />
              </div>
            </div>
            <div className="flex flex-wrap gap-2">
              <button
                type="button"
                onClick={toggleMethodology}
                aria-expanded={methodologyOpen}
                aria-controls="methodology"
                className="min-h-11 rounded-lg border border-slate-300 bg-white px-4 text-sm font-semibold text-slate-800 hover:bg-slate-50"
              >
                {methodologyOpen ? 'Hide methodology' : 'How tiers are computed'}
              </button>
              <button
                type="button"
                onClick={() => void refresh()}
                className="min-h-11 rounded-lg bg-brand-600 px-4 text-sm font-semibold text-white hover:bg-brand-700"
              >
                {refreshing ? 'Refreshing…' : 'Refresh'}
              </button>
            </div>
          </div>

          <p role="status" aria-live="polite" className="sr-only">
            {refreshing ? 'Refreshing the figures' : error ? '' : `Figures ${summary.computedAt ? 'up to date' : 'not computed yet'}`}
          </p>
          {error && (
            <div role="alert" className="rounded-xl border border-red-200 bg-red-50 p-4 text-sm text-red-900">
              <p className="font-semibold">{error.message}</p>
              {error.kind === 'unauthorized' ? (
                <Link
                  href="/sign-in?next=%2Fanalytics%2Fsegmentation"
                  className="mt-2 inline-flex min-h-11 items-center font-semibold underline"
                >
                  Sign in
                </Link>
              ) : (
                <p className="mt-1">The figures below are the last ones loaded.</p>
              )}
            </div>
          )}

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

          {methodologyOpen && (
            <MethodologyPanel
              id="methodology"
              rules={methodology.rules}
              version={methodology.version}
              asOf={summary.asOf}
              dataMode={summary.dataMode}
              canEdit={canRecompute}
            />
          )}

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
                hint="Elite or Premium with one line"
                testId="summary-cross-sell"
                href={summary.dataMode === 'live' ? '/analytics/segmentation/cross-sell' : undefined}
              />
              <SummaryCard
                label="Renewal watch"
                value={formatCount(totals.renewalWatch)}
                hint="Elite or Premium renewing within 60 days"
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
                  expanded={expandedTier === segment.tier}
                  onToggle={() => toggleTier(segment.tier, segment.count)}
                  customersHref={summary.dataMode === 'live' ? `/analytics/segmentation/${segment.tier}` : undefined}
                  animateChange={refreshedHere}
                />
              ))}
            </ul>
          </section>

          <ShareChart segments={segments} />
        </div>
      </MotionConfig>
    </LazyMotion>
  );
}
