import Link from 'next/link';

/** One figure with its label (and an optional hint and list link): the summary row of every analytics dashboard. */
export function SummaryCard({
  label,
  value,
  hint,
  testId,
  href,
}: {
  label: string;
  value: string;
  hint?: string;
  testId?: string;
  /** The customers behind the figure. */
  href?: string;
}) {
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-4">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="mt-1 text-2xl font-bold text-slate-900 tabular-nums" data-testid={testId}>
        {value}
      </dd>
      {hint && <dd className="mt-1 text-xs text-slate-600">{hint}</dd>}
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
