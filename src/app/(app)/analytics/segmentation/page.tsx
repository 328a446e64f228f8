import type { Metadata } from 'next';
import { CustomerSegmentationDashboard } from '@/components/analytics/dashboards/CustomerSegmentationDashboard';
import { getPageContext } from '@/lib/auth/page-session';
import { asUser } from '@/lib/db';
import { getSegmentationSummary } from '@/lib/insights/summary';
import { roleHas } from '@/lib/tenancy/permissions';

// The app's name is the page's name: absolute, or the layout's template would repeat it.
export const metadata: Metadata = { title: { absolute: 'Customer Segmentation' } };

/** Analytics → Customer Segmentation: rendered here from the same domain function the API uses. */
export default async function SegmentationPage() {
  const { session, agency } = await getPageContext('/analytics/segmentation');
  if (!agency) return null;
  const summary = await asUser(session.claims, (tx) => getSegmentationSummary(tx, agency));
  // Keyed by agency, so switching agency starts the dashboard's islands afresh.
  return (
    <CustomerSegmentationDashboard
      key={agency.agencyId}
      summary={summary}
      canRecompute={roleHas(agency.role, 'insights:refresh')}
      role={agency.role}
    />
  );
}
