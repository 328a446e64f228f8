import type { Comparison } from '@/lib/segmentation/comparison';
import type { SegmentSummary } from '@/lib/segmentation/summarize';
import { TIER_INFO } from '@/lib/segmentation/tiers';
import { formatDate, formatShare } from '../format';
import { Delta } from './Delta';
import { shareDelta } from './deltas';
import type { RatioChange } from '@/lib/segmentation/comparison';

/** One bar on its track, with a dark tick where the share stood on the compared day. */
function Bar({ label, share, then, color }: { label: string; share: number; then?: RatioChange; color: string }) {
  return (
    <div className="mt-1 flex items-center gap-2 text-xs text-slate-700">
      <span className="w-20 shrink-0">{label}</span>
      <span className="relative h-3 flex-1">
        <span className="absolute inset-y-0 left-0 rounded" style={{ width: `${Math.max(share * 100, 0.5)}%`, background: color }} />
        {then && <span className="absolute -inset-y-0.5 w-0.5 bg-slate-900" style={{ left: `${then.then * 100}%` }} />}
      </span>
      <span className="w-12 shrink-0 text-right tabular-nums">{formatShare(share)}</span>
    </div>
  );
}

/**
 * Share of customers against share of premium, per tier: two bars each, and with a comparison a
 * tick where each share stood then and its change in words. The bars are drawn for sighted
 * users; the same numbers are in a table for screen readers.
 */
export function ShareChart({ segments, comparison }: { segments: SegmentSummary[]; comparison?: Comparison | null }) {
  const thenOf = (index: number) => comparison?.segments[index];
  return (
    <figure aria-labelledby="share-chart-title" className="rounded-2xl border border-slate-200 bg-white p-5">
      <figcaption id="share-chart-title" className="text-lg font-semibold">
        Share of customers vs share of premium
      </figcaption>
      {comparison && (
        <p className="mt-1 text-sm text-slate-700">
          <span aria-hidden="true" className="mr-1 inline-block h-3 w-0.5 bg-slate-900 align-middle" /> marks each share on{' '}
          {formatDate(comparison.asOf)}.
        </p>
      )}
      <div aria-hidden="true" className="mt-4 space-y-4">
        {segments.map((segment, index) => {
          const info = TIER_INFO[segment.tier];
          const then = thenOf(index);
          return (
            <div key={segment.tier} data-testid={`share-chart-${segment.tier}`}>
              <p className="text-sm font-semibold" style={{ color: info.color }}>
                {info.icon} {info.label}
              </p>
              <Bar label="Customers" share={segment.shareOfCustomers} then={then?.shareOfCustomers} color="#94a3b8" />
              <Bar label="Premium" share={segment.shareOfPremium} then={then?.shareOfPremium} color={info.color} />
              {then && (
                <p className="mt-1 text-xs">
                  Customers <Delta delta={shareDelta(then.shareOfCustomers)} testId={`share-delta-${segment.tier}-customers`} /> · Premium{' '}
                  <Delta delta={shareDelta(then.shareOfPremium)} testId={`share-delta-${segment.tier}-premium`} />
                </p>
              )}
            </div>
          );
        })}
      </div>
      {/* A table ignores the 1px box of .sr-only and would widen the page, so its wrapper is hidden. */}
      <div className="sr-only">
        <table>
          <caption>Share of customers and share of premium by tier{comparison && `, now and on ${formatDate(comparison.asOf)}`}</caption>
          <thead>
            <tr>
              <th scope="col">Tier</th>
              <th scope="col">Share of customers</th>
              {comparison && <th scope="col">Share of customers then</th>}
              <th scope="col">Share of premium</th>
              {comparison && <th scope="col">Share of premium then</th>}
            </tr>
          </thead>
          <tbody>
            {segments.map((segment, index) => {
              const then = thenOf(index);
              return (
                <tr key={segment.tier}>
                  <th scope="row">{segment.label}</th>
                  <td>{formatShare(segment.shareOfCustomers)}</td>
                  {then && <td>{formatShare(then.shareOfCustomers.then)}</td>}
                  <td>{formatShare(segment.shareOfPremium)}</td>
                  {then && <td>{formatShare(then.shareOfPremium.then)}</td>}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
