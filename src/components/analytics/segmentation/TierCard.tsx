'use client';

import { m } from 'framer-motion';
import Link from 'next/link';
import type { SegmentSummary } from '@/lib/segmentation/summarize';
import { TIER_INFO } from '@/lib/segmentation/tiers';
import { formatCount, formatCurrency, formatShare } from '../format';

/**
 * One tier: its figures and what to do for its customers. Everything is in the server's HTML;
 * motion only enhances: after a refresh, a count that changed fades in (not on first load).
 */
export function TierCard({
  segment,
  rulesInWords,
  expanded,
  onToggle,
  customersHref,
  animateChange,
}: {
  segment: SegmentSummary;
  rulesInWords: string;
  expanded: boolean;
  onToggle: () => void;
  /** The tier's customer list (live data only: a demo book has no customers to list). */
  customersHref?: string;
  /** After a refresh (not on first load): a count that changed fades in. */
  animateChange: boolean;
}) {
  const info = TIER_INFO[segment.tier];
  const detailsId = `tier-${segment.tier}-details`;
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
          {/* Keyed by the count: a new count after a refresh mounts anew and fades in; the first render starts in place. */}
          <m.span
            key={segment.count}
            data-testid={`tier-count-${segment.tier}`}
            className="inline-block"
            initial={animateChange ? { opacity: 0, y: -6 } : false}
            animate={{ opacity: 1, y: 0 }}
          >
            {formatCount(segment.count)}
          </m.span>
          <span className="ml-2 text-sm font-medium text-slate-600">customers · {formatShare(segment.shareOfCustomers)}</span>
        </p>
        <dl className="mt-3 grid grid-cols-2 gap-x-3 gap-y-2 text-sm">
          <div>
            <dt className="text-slate-600">Annual premium</dt>
            <dd className="font-semibold tabular-nums">{formatCurrency(segment.annualPremium)}</dd>
          </div>
          <div>
            <dt className="text-slate-600">Share of premium</dt>
            <dd className="font-semibold tabular-nums">{formatShare(segment.shareOfPremium)}</dd>
          </div>
          <div>
            <dt className="text-slate-600">Avg premium</dt>
            <dd className="font-semibold tabular-nums">{formatCurrency(segment.avgPremium)}</dd>
          </div>
          <div>
            <dt className="text-slate-600">Avg lines</dt>
            <dd className="font-semibold tabular-nums">{segment.avgLines}</dd>
          </div>
        </dl>
        <p className="mt-3 text-sm text-slate-700">{info.recommendation}</p>
        <button
          type="button"
          onClick={onToggle}
          aria-expanded={expanded}
          aria-controls={detailsId}
          className="mt-3 min-h-11 w-full rounded-lg border border-slate-300 px-3 text-sm font-semibold text-slate-800 hover:bg-slate-50"
        >
          {expanded ? 'Hide who qualifies' : `Who qualifies as ${info.label}?`}
        </button>
        {expanded && (
          <p id={detailsId} className="mt-2 text-sm text-slate-700">
            {rulesInWords}
          </p>
        )}
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
