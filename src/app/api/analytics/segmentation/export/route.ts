/**
 * GET /api/analytics/segmentation/export?tier=|list=&sort=&search=&crossSell=&renewalWithinDays= —
 * the drill-down view as a streamed CSV file. Owners, admins and agents (roles that see PII).
 */
import { csvDownload } from '@/lib/api/presenters';
import { withAgencyAuth } from '@/lib/api/with-agency-auth';
import { exportView } from '@/lib/customers/use-cases/export-view';

export const GET = withAgencyAuth(exportView, csvDownload);
