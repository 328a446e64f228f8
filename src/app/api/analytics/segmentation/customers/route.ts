/**
 * GET /api/analytics/segmentation/customers?tier=&list=cross-sell|renewal-watch&sort=premium|lines|tenure|renewal|name&limit=&cursor=
 *     &search=&crossSell=true&renewalWithinDays=N — a tier's customers (the drill-down), keyset
 * paginated; sorted by premium unless named (the renewal watch: by renewal date). Any member; PII
 * is masked for roles without PII access (viewers), who search by customer id only and cannot
 * sort by name (400 naming the field).
 */
import { withAgencyAuth } from '@/lib/api/with-agency-auth';
import { listCustomersInView } from '@/lib/customers/use-cases/list-view';

export const GET = withAgencyAuth(listCustomersInView);
