import Link from 'next/link';

const DASHBOARD = { href: '/analytics/segmentation', label: 'Customer Segmentation' };

/** The way back from a drill-down, rules or customer page: to the dashboard, or to the list the page was opened from. */
export function BackLink({ to }: { to?: { href: string; label: string } | null }) {
  const { href, label } = to ?? DASHBOARD;
  return (
    <nav aria-label="Breadcrumb" className="text-sm">
      <Link href={href} className="inline-flex min-h-11 items-center font-semibold text-brand-700 underline" data-testid="back-link">
        ← {label}
      </Link>
    </nav>
  );
}
