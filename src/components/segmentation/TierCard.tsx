import Link from 'next/link';
import type { TierComparison } from '@/lib/segmentation/comparison';
import type { SegmentSummary } from '@/lib/segmentation/summarize';
import { TIER_INFO } from '@/lib/segmentation/tiers';
import { QualifiesToggle } from './DashboardLive';
import { Delta } from './Delta';
import { countDelta, moneyDelta, shareDelta, type DeltaWords } from './deltas';
import { formatCount, formatCurrency, formatShare } from '../format';

const CUSTOMERS = { one: 'customer', many: 'customers' };

/** A figure with its label, and its change since the compared snapshot when there is one. */
function Figure({ label, value, delta, testId }: { label: string; value: string; delta?: DeltaWords; testId: string }) {
  return (
    <div>
      <dt className="text-slate-600">{label}</dt>
      <dd className="font-semibold tabular-nums">{value}</dd>
      {delta && (
        <dd className="text-xs">
          <Delta delta={delta} testId={testId} />
        </dd>
      )}
    </div>
  );
}

/**
 * One tier: its figures and what to do for its customers, rendered on the server, with each
 * figure's change since the compared snapshot. Motion only enhances: after a refresh, a count
 * that changed fades in (CSS, see globals.css).
 */
export function TierCard({
  segment,
  rulesInWords,
  customersHref,
  comparison,
}: {
  segment: SegmentSummary;
  rulesInWords: string;
  /** The tier's customer list (live data only: a demo book has no customers to list). */
  customersHref?: string;
  /** The tier on the compared snapshot day, and the changes since. */
  comparison?: { tier: TierComparison; asOf: string };
}) {
  const info = TIER_INFO[segment.tier];
  const then = comparison?.tier;
  const deltaId = (figure: string) => `tier-delta-${segment.tier}-${figure}`;
  return (
    <li className="list-none">
      <article
        data-testid={`tier-card-${segment.tier}`}
        className="h-full rounded-2xl border border-slate-200 bg-white p-4 shadow-sm"
        style={{ borderTop: `4px solid ${info.color}` }}
      >
        <h3 className="flex items-center gap-2 text-lg font-bold" style={{ color: info.color }}>
          <span aria-hidden="true">{info.icon}</span>
          {info.label}
        </h3>
        <p className="mt-2 text-3xl font-bold text-slate-900 tabular-nums">
          {/* Keyed by the count: a count that changed is a new element, which CSS fades in after a refresh. */}
          <span key={segment.count} data-testid={`tier-count-${segment.tier}`} className="tier-count inline-block">
            {formatCount(segment.count)}
          </span>
          <span className="ml-2 text-sm font-medium text-slate-600">customers · {formatShare(segment.shareOfCustomers)}</span>
        </p>
        {then && comparison && (
          <p className="mt-1 text-sm">
            <Delta delta={countDelta(then.customers, CUSTOMERS)} since={comparison.asOf} testId={deltaId('customers')} />
            <span className="block text-xs">
              Share of customers: <Delta delta={shareDelta(then.shareOfCustomers)} testId={deltaId('share-of-customers')} />
            </span>
          </p>
        )}
        <dl className="mt-3 grid grid-cols-2 gap-x-3 gap-y-2 text-sm">
          <Figure
            label="Annual premium"
            value={formatCurrency(segment.annualPremium)}
            delta={then && moneyDelta(then.annualPremium)}
            testId={deltaId('premium')}
          />
          <Figure
            label="Share of premium"
            value={formatShare(segment.shareOfPremium)}
            delta={then && shareDelta(then.shareOfPremium)}
            testId={deltaId('share-of-premium')}
          />
          <Figure
            label="Avg premium"
            value={formatCurrency(segment.avgPremium)}
            delta={then && moneyDelta(then.avgPremium)}
            testId={deltaId('avg-premium')}
          />
          <Figure label="Avg lines" value={String(segment.avgLines)} testId={deltaId('avg-lines')} />
        </dl>
        <p className="mt-3 text-sm text-slate-700">{info.recommendation}</p>
        <QualifiesToggle tier={segment.tier} label={info.label} count={segment.count} rulesInWords={rulesInWords} />
        {customersHref && segment.count > 0 && (
          <Link
            href={customersHref}
            // Lists are rendered per request; not fetched until chosen (see NavTabs).
            prefetch={false}
            className="mt-2 flex min-h-11 w-full items-center justify-center rounded-lg bg-brand-600 px-3 text-sm font-semibold text-white hover:bg-brand-700"
          >
            View {info.label} customers
          </Link>
        )}
      </article>
    </li>
  );
}
