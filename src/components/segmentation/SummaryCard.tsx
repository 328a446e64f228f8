import Link from 'next/link';
import { Delta } from './Delta';
import type { DeltaWords } from './deltas';

/**
 * One figure with its label (and an optional hint, change since the compared snapshot and list
 * link): the summary row of every analytics dashboard.
 */
export function SummaryCard({
  label,
  value,
  hint,
  testId,
  href,
  delta,
  since,
}: {
  label: string;
  value: string;
  hint?: string;
  testId?: string;
  /** The customers behind the figure. */
  href?: string;
  /** The figure's change since the compared snapshot… */
  delta?: DeltaWords;
  /** …and that snapshot's day, when the card should say it. */
  since?: string;
}) {
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-4">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="mt-1 text-2xl font-bold text-slate-900 tabular-nums" data-testid={testId}>
        {value}
      </dd>
      {hint && <dd className="mt-1 text-xs text-slate-600">{hint}</dd>}
      {delta && (
        <dd className="mt-1 text-xs">
          <Delta delta={delta} since={since} testId={testId && `${testId}-delta`} />
        </dd>
      )}
      {href && (
        <dd>
          <Link
            href={href}
            // Lists are rendered per request; not fetched until chosen (see NavTabs).
            prefetch={false}
            aria-label={`See the list: ${label}`}
            className="mt-1 inline-flex min-h-11 items-center text-sm font-semibold text-brand-700 underline"
          >
            See the list
          </Link>
        </dd>
      )}
    </div>
  );
}
