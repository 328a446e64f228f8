import type { SegmentSummary } from '@/lib/segmentation/summarize';
import { TIER_INFO } from '@/lib/segmentation/tiers';
import { formatShare } from '../format';

/**
 * Share of customers against share of premium, per tier: two bars each. The bars are drawn for
 * sighted users; the same numbers are in a table for screen readers.
 */
export function ShareChart({ segments }: { segments: SegmentSummary[] }) {
  return (
    <figure aria-labelledby="share-chart-title" className="rounded-2xl border border-slate-200 bg-white p-5">
      <figcaption id="share-chart-title" className="text-lg font-semibold">
        Share of customers vs share of premium
      </figcaption>
      <div aria-hidden="true" className="mt-4 space-y-4">
        {segments.map((segment) => {
          const info = TIER_INFO[segment.tier];
          return (
            <div key={segment.tier}>
              <p className="text-sm font-semibold" style={{ color: info.color }}>
                {info.icon} {info.label}
              </p>
              <div className="mt-1 flex items-center gap-2 text-xs text-slate-700">
                <span className="w-20 shrink-0">Customers</span>
                <span className="h-3 rounded bg-slate-400" style={{ width: `${Math.max(segment.shareOfCustomers * 70, 0.5)}%` }} />
                <span className="tabular-nums">{formatShare(segment.shareOfCustomers)}</span>
              </div>
              <div className="mt-1 flex items-center gap-2 text-xs text-slate-700">
                <span className="w-20 shrink-0">Premium</span>
                <span className="h-3 rounded" style={{ width: `${Math.max(segment.shareOfPremium * 70, 0.5)}%`, background: info.color }} />
                <span className="tabular-nums">{formatShare(segment.shareOfPremium)}</span>
              </div>
            </div>
          );
        })}
      </div>
      {/* A table ignores the 1px box of .sr-only and would widen the page, so its wrapper is hidden. */}
      <div className="sr-only">
        <table>
          <caption>Share of customers and share of premium by tier</caption>
          <thead>
            <tr>
              <th scope="col">Tier</th>
              <th scope="col">Share of customers</th>
              <th scope="col">Share of premium</th>
            </tr>
          </thead>
          <tbody>
            {segments.map((segment) => (
              <tr key={segment.tier}>
                <th scope="row">{segment.label}</th>
                <td>{formatShare(segment.shareOfCustomers)}</td>
                <td>{formatShare(segment.shareOfPremium)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
