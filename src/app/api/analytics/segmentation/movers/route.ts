/**
 * GET /api/analytics/segmentation/movers?direction=down|up&from=&to=&sort=moved|premiumFrom|premiumTo|customer&limit=&cursor=
 * — customers who left Elite or Premium between two snapshot days (down: at risk) or rose a tier
 * (up), with premium then, now and moved; keyset paginated, largest move first unless sorted
 * otherwise. `from`/`to`: snapshot days or 30d, month-end, year; by default the latest snapshot
 * and the one 30 days before it. Any member; PII masked for roles without PII access.
 */
import { withAgencyAuth } from '@/lib/api/with-agency-auth';
import { listMoversInPeriod } from '@/lib/customers/use-cases/movers';

export const GET = withAgencyAuth(listMoversInPeriod);
