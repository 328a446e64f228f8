/**
 * GET    /api/customers/import/:jobId — one import: status, counts and its report (use case: importJobReport).
 * DELETE /api/customers/import/:jobId — cancel a validated import; 204 (cancelImportJob).
 */
import { withAgencyAuth } from '@/lib/api/with-agency-auth';
import { cancelImportJob } from '@/lib/import/use-cases/cancel-job';
import { importJobReport } from '@/lib/import/use-cases/job-report';
import { noContent } from '@/lib/api/presenters';

export const GET = withAgencyAuth(importJobReport);
export const DELETE = withAgencyAuth(cancelImportJob, noContent);
