'use client';

import Link from 'next/link';
import type { TierPreview } from '@/lib/segmentation/rules-editor';
import { TIER_INFO } from '@/lib/segmentation/tiers';
import { formatCount, formatCurrency, formatDate } from '../format';

export interface Preview {
  asOf: string | null;
  segments: TierPreview[];
}

const countOf = (preview: Preview | null, tier: TierPreview['tier']) => preview?.segments.find((s) => s.tier === tier)?.customers ?? 0;

/** "+12", "−3", "no change": how a tier's count moves. */
export function formatChange(before: number, after: number) {
  const change = after - before;
  if (change === 0) return 'no change';
  return `${change > 0 ? '+' : '−'}${formatCount(Math.abs(change))}`;
}

/** One row per tier of the what-if: now, with the edited rules, and the change. */
export function tierMoves(baseline: Preview | null, preview: Preview | null) {
  return (preview?.segments ?? []).map((segment) => ({
    ...segment,
    now: countOf(baseline, segment.tier),
    change: formatChange(countOf(baseline, segment.tier), segment.customers),
  }));
}

const cell = 'py-1 pr-2 text-right tabular-nums last:pr-0';

/**
 * Each tier's count now and under other rules: the what-if (with the premium) and the save
 * confirmation (with the change) show the same table.
 */
export function TierMovesTable(props: {
  baseline: Preview | null;
  preview: Preview | null;
  after: string;
  last: 'premium' | 'change';
  testId: string;
  rowTestId: string;
  caption?: string;
}) {
  const { baseline, preview, after, last, testId, rowTestId, caption } = props;
  return (
    <table className="w-full text-left text-sm" data-testid={testId}>
      {caption && <caption className="text-left font-semibold">{caption}</caption>}
      <thead className="text-slate-600">
        <tr>
          <th scope="col" className="py-1 pr-2">
            Tier
          </th>
          {['Now', after, last === 'premium' ? 'Premium' : 'Change'].map((heading) => (
            <th key={heading} scope="col" className={cell}>
              {heading}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {tierMoves(baseline, preview).map((row) => (
          <tr key={row.tier} className="border-t border-slate-100" data-testid={`${rowTestId}-${row.tier}`}>
            <th scope="row" className="py-1 pr-2 font-semibold">
              {TIER_INFO[row.tier].label}
            </th>
            <td className={cell}>{formatCount(row.now)}</td>
            <td className={cell}>
              <span data-testid={`${rowTestId}-count-${row.tier}`}>{formatCount(row.customers)}</span>
              {last === 'premium' && row.change !== 'no change' && <span className="block text-xs text-slate-600">{row.change}</span>}
            </td>
            <td className={cell}>{last === 'premium' ? formatCurrency(Number(row.annualPremium)) : row.change}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The what-if preview: the agency's customers (as of the last refresh) tiered by the rules being
 * edited, beside the counts now. An agency without customers previews zeros while its dashboard
 * shows the illustrative book: said here, so the two do not look contradictory.
 */
/** Shown to owners and admins only, who may also import. */
export function RulesPreview(props: { baseline: Preview | null; preview: Preview | null; bookIsEmpty: boolean }) {
  const { baseline, preview, bookIsEmpty } = props;
  return (
    <section
      aria-labelledby="preview-heading"
      className="rounded-2xl border border-slate-200 bg-white p-4"
      data-testid="rules-preview-panel"
    >
      <h2 id="preview-heading" className="text-lg font-bold">
        What-if preview
      </h2>
      {bookIsEmpty ? (
        <p className="mt-1 rounded-lg bg-amber-50 p-2 text-sm text-amber-950" data-testid="preview-empty-book">
          Your agency has no customers yet, so every count here is zero. The dashboard meanwhile shows an illustrative demo book, scored
          with these same rules.{' '}
          <Link href="/customers/import" className="font-semibold underline">
            Import your book of business
          </Link>{' '}
          to preview your own customers.
        </p>
      ) : (
        <p className="text-sm text-slate-700">
          Your agency&apos;s customers{preview?.asOf ? ` as of ${formatDate(preview.asOf)}` : ''}, tiered by the rules being edited.
        </p>
      )}
      <div aria-live="polite" className="mt-2">
        <TierMovesTable
          baseline={baseline}
          preview={preview}
          after="With these rules"
          last="premium"
          testId="rules-preview"
          rowTestId="preview"
        />
      </div>
    </section>
  );
}
