import Link from 'next/link';
import { MOVER_LISTS } from '@/lib/customers/lists';

const LINK =
  'inline-flex min-h-11 items-center rounded-lg border border-slate-300 bg-white px-4 font-semibold text-brand-700 hover:bg-slate-50';

/**
 * Who moved (SPEC §11): links to the two movers lists, for the period on screen (the tier
 * movement page) or the lists' own default, the last 30 days (the dashboard, which also links
 * the tier movement).
 */
export function MoversLinks(props: { period?: { from: string; to: string } | null; showMovement?: boolean; className?: string }) {
  const { period, showMovement = false, className = '' } = props;
  const href = (direction: keyof typeof MOVER_LISTS) =>
    `/analytics/segmentation/movers?${new URLSearchParams({ direction, ...(period ?? {}) })}`;
  return (
    <section
      aria-labelledby="movers-links-heading"
      className={`rounded-2xl border border-slate-200 bg-white p-4 ${className}`}
      data-testid="movers-links"
    >
      <h2 id="movers-links-heading" className="text-lg font-bold">
        {period ? 'Who moved in this period' : 'Who moved in the last 30 days'}
      </h2>
      <ul className="mt-3 flex flex-wrap gap-3">
        {(Object.keys(MOVER_LISTS) as (keyof typeof MOVER_LISTS)[]).map((direction) => (
          <li key={direction}>
            <Link href={href(direction)} className={LINK}>
              {MOVER_LISTS[direction].label}
            </Link>
          </li>
        ))}
        {showMovement && (
          <li>
            <Link href="/analytics/segmentation/movement" className={LINK}>
              Tier movement
            </Link>
          </li>
        )}
      </ul>
    </section>
  );
}
