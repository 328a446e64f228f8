/**
 * GET /api/customers — the current agency's customers, by customer id, with keyset pagination
 * (`limit`, `cursor`). Any member; PII is masked for roles without PII access (viewers).
 */
import { withAgencyAuth } from '@/lib/api/with-agency-auth';
import { listBook } from '@/lib/customers/use-cases/list-book';

export const GET = withAgencyAuth(listBook);
