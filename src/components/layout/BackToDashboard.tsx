import Link from 'next/link';

/** The way back from a drill-down, rules or customer page to the dashboard. */
export function BackToDashboard() {
  return (
    <nav aria-label="Breadcrumb" className="text-sm">
      <Link href="/analytics/segmentation" className="inline-flex min-h-11 items-center font-semibold text-brand-700 underline">
        ← Customer Segmentation
      </Link>
    </nav>
  );
}
