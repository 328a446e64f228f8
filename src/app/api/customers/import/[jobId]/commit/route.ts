/**
 * POST /api/customers/import/:jobId/commit — commits a validated import (use case: commitImportJob);
 * with `Accept: application/x-ndjson` the answer streams its progress (see presentCommit).
 */
import { withAgencyAuth } from '@/lib/api/with-agency-auth';
import { commitImportJob } from '@/lib/import/use-cases/commit-job';
import { presentCommit } from '../../presenters';

export const POST = withAgencyAuth(commitImportJob, presentCommit);
