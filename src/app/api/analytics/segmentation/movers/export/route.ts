/**
 * GET /api/analytics/segmentation/movers/export?direction=down|up&from=&to=&sort= — the movers
 * list as a streamed CSV file, recorded in the audit log. Owners, admins and agents (roles that
 * see PII).
 */
import { csvDownload } from '@/lib/api/presenters';
import { withAgencyAuth } from '@/lib/api/with-agency-auth';
import { exportMovers } from '@/lib/customers/use-cases/movers';

export const GET = withAgencyAuth(exportMovers, csvDownload);
