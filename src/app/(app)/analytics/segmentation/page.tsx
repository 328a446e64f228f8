import type { Metadata } from 'next';
import { CustomerSegmentationDashboard } from '@/components/segmentation/CustomerSegmentationDashboard';
import { MoversLinks } from '@/components/segmentation/MoversLinks';
import { loadPageData } from '@/lib/http/run-page-use-case';
import { getSummary } from '@/lib/segmentation/use-cases/summary';
import { roleHas } from '@/lib/tenancy/permissions';

// The app's name is the page's name: absolute, or the layout's template would repeat it.
export const metadata: Metadata = { title: { absolute: 'Customer Segmentation' } };

/** Analytics → Customer Segmentation: rendered here from the same use case the API serves. */
export default async function SegmentationPage() {
  const outcome = await loadPageData(getSummary, { path: '/analytics/segmentation' });
  if (!outcome) return null;
  const { value: summary, agency } = outcome;
  // Keyed by agency, so switching agency starts the dashboard's islands afresh.
  return (
    <>
      <CustomerSegmentationDashboard
        key={agency.agencyId}
        summary={summary}
        canRecompute={roleHas(agency.role, 'insights:refresh')}
        role={agency.role}
      />
      <MoversLinks className="mt-6" showMovement />
    </>
  );
}
