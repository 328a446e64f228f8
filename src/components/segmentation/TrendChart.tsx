import type { TrendPoint } from '@/lib/segmentation/trends';
import { TIER_INFO, TIERS, type Tier } from '@/lib/segmentation/tiers';
import { formatCount, formatCurrency } from '../format';

/**
 * A month-by-month series per tier as stacked areas, drawn on the server as SVG (no chart
 * library: the dashboard ships no script for it). The areas stretch to the box (viewBox 0–100,
 * no aspect ratio) while every word is HTML at its own size, so it reads the same at 375 px and
 * at 1280 px. Elite is at the bottom, where its own line is exact. The figures are in a table
 * under a disclosure beside it, for screen readers and for anyone who wants the numbers.
 */
export type TrendMetric = 'customers' | 'premium';

const STACK: readonly Tier[] = TIERS;
const shortMonth = new Intl.DateTimeFormat('en-US', { month: 'short', year: 'numeric', timeZone: 'UTC' });
const compactCurrency = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  notation: 'compact',
  maximumFractionDigits: 1,
});
/** 'YYYY-MM' → "Nov 2026". */
export const formatMonth = (month: string) => shortMonth.format(new Date(`${month}-01T00:00:00Z`));

const valueOf = (point: TrendPoint, tier: Tier, metric: TrendMetric) =>
  metric === 'customers' ? point.tiers[tier].customers : Number(point.tiers[tier].annualPremium);
const totalOf = (point: TrendPoint, metric: TrendMetric) => (metric === 'customers' ? point.customers : Number(point.annualPremium));
const format = (value: number, metric: TrendMetric) => (metric === 'customers' ? formatCount(value) : formatCurrency(value));

/** A round top for the scale: 1, 2, 2.5 or 5 times a power of ten, at least the largest total. */
function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return ([1, 2, 2.5, 5, 10].find((step) => step * power >= value) ?? 10) * power;
}

/** The stacked areas' polygons, bottom tier first, in the 0–100 box. */
function areas(points: TrendPoint[], metric: TrendMetric, top: number): { tier: Tier; path: string }[] {
  // One month is drawn across the whole width.
  const columns = points.length === 1 ? [points[0]!, points[0]!] : points;
  const x = (index: number) => (index / (columns.length - 1)) * 100;
  const y = (value: number) => 100 - (value / top) * 100;
  const below = columns.map(() => 0);
  return STACK.map((tier) => {
    const lower = [...below];
    columns.forEach((point, index) => (below[index]! += valueOf(point, tier, metric)));
    const upperEdge = columns.map((_, index) => `${x(index).toFixed(2)},${y(below[index]!).toFixed(2)}`);
    const lowerEdge = columns.map((_, index) => `${x(index).toFixed(2)},${y(lower[index]!).toFixed(2)}`).reverse();
    return { tier, path: `M${upperEdge.join('L')}L${lowerEdge.join('L')}Z` };
  });
}

export function TrendChart({ id, title, points, metric }: { id: string; title: string; points: TrendPoint[]; metric: TrendMetric }) {
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last) return null;
  const top = niceCeiling(Math.max(...points.map((point) => totalOf(point, metric))));
  const middle = points[Math.floor((points.length - 1) / 2)]!;
  const xLabels = points.length < 3 ? [first, last].slice(0, points.length) : [first, middle, last];
  const position = (point: TrendPoint) => (points.length === 1 ? 50 : (points.indexOf(point) / (points.length - 1)) * 100);
  const months = `${points.length} month${points.length === 1 ? '' : 's'}`;

  return (
    <figure aria-labelledby={`${id}-title`} className="min-w-0 rounded-2xl border border-slate-200 bg-white p-4" data-testid={id}>
      <figcaption>
        <span id={`${id}-title`} className="block text-base font-semibold">
          {title}
        </span>
        <span className="block text-sm text-slate-700" data-testid={`${id}-range`}>
          {formatMonth(first.month)} to {formatMonth(last.month)} ({months}): {format(totalOf(first, metric), metric)} then,{' '}
          {format(totalOf(last, metric), metric)} now.
        </span>
      </figcaption>
      <div aria-hidden="true" className="mt-3 flex gap-2">
        <div className="relative h-48 w-14 shrink-0 text-right text-xs text-slate-600 tabular-nums">
          {[1, 0.5, 0].map((fraction) => (
            <span key={fraction} className="absolute right-0 -translate-y-1/2" style={{ top: `${(1 - fraction) * 100}%` }}>
              {metric === 'premium' ? compactCurrency.format(top * fraction) : formatCount(top * fraction)}
            </span>
          ))}
        </div>
        <div className="min-w-0 flex-1">
          <svg viewBox="0 0 100 100" preserveAspectRatio="none" className="block h-48 w-full" data-points={points.length}>
            {[0, 50, 100].map((line) => (
              <line key={line} x1="0" x2="100" y1={line} y2={line} stroke="#cbd5e1" strokeWidth="1" vectorEffect="non-scaling-stroke" />
            ))}
            {areas(points, metric, top).map(({ tier, path }) => (
              <path
                key={tier}
                d={path}
                fill={TIER_INFO[tier].color}
                fillOpacity="0.85"
                stroke="#fff"
                strokeWidth="1"
                vectorEffect="non-scaling-stroke"
              />
            ))}
          </svg>
          <div className="relative mt-1 h-4 text-xs text-slate-600">
            {xLabels.map((point, index) => (
              <span
                key={point.month}
                className="absolute whitespace-nowrap"
                style={
                  index === 0
                    ? { left: 0 }
                    : index === xLabels.length - 1
                      ? { right: 0 }
                      : { left: `${position(point)}%`, transform: 'translateX(-50%)' }
                }
              >
                {formatMonth(point.month)}
              </span>
            ))}
          </div>
        </div>
      </div>
      <ul className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-sm" aria-label={`Latest, ${formatMonth(last.month)}`}>
        {[...STACK].reverse().map((tier) => (
          <li key={tier} className="flex items-center gap-1.5">
            <span aria-hidden="true" className="inline-block h-3 w-3 rounded-sm" style={{ background: TIER_INFO[tier].color }} />
            {TIER_INFO[tier].label} <span className="font-semibold tabular-nums">{format(valueOf(last, tier, metric), metric)}</span>
          </li>
        ))}
      </ul>
      <details className="mt-2">
        <summary className="flex min-h-11 cursor-pointer items-center text-sm font-semibold text-brand-700 underline">
          Show the figures as a table
        </summary>
        <div className="mt-2 overflow-x-auto" role="region" aria-label={`${title}: table`} tabIndex={0}>
          <table className="w-full text-right text-xs tabular-nums sm:text-sm" data-testid={`${id}-table`}>
            <caption className="sr-only">
              {title}, {formatMonth(first.month)} to {formatMonth(last.month)}: each month&apos;s latest snapshot
            </caption>
            <thead>
              <tr className="text-slate-600">
                <th scope="col" className="py-1 pr-2 text-left font-semibold">
                  Month
                </th>
                {TIERS.map((tier) => (
                  <th key={tier} scope="col" className="py-1 pr-2 font-semibold">
                    {TIER_INFO[tier].label}
                  </th>
                ))}
                <th scope="col" className="py-1 font-semibold">
                  Total
                </th>
              </tr>
            </thead>
            <tbody>
              {[...points].reverse().map((point) => (
                <tr key={point.month} className="border-t border-slate-100">
                  <th scope="row" className="py-1 pr-2 text-left font-normal whitespace-nowrap">
                    {formatMonth(point.month)}
                  </th>
                  {TIERS.map((tier) => (
                    <td key={tier} className="py-1 pr-2">
                      {format(valueOf(point, tier, metric), metric)}
                    </td>
                  ))}
                  <td className="py-1 font-semibold">{format(totalOf(point, metric), metric)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
