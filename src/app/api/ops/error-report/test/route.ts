/**
 * POST /api/ops/error-report/test — owners and admins: fails on purpose with a 500 (problem+json
 * with the request id) whose report reaches the error tracker when SENTRY_DSN is set. See
 * src/lib/observability/use-cases/test-error-report.ts.
 */
import { withAgencyAuth } from '@/lib/api/with-agency-auth';
import { sendTestErrorReport } from '@/lib/observability/use-cases/test-error-report';

export const dynamic = 'force-dynamic';

export const POST = withAgencyAuth(sendTestErrorReport);
