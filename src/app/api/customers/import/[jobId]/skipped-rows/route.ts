/** GET /api/customers/import/:jobId/skipped-rows — the rows an import skips, as CSV (use case: skippedRowsDownload). */
import { withAgencyAuth } from '@/lib/api/with-agency-auth';
import { skippedRowsDownload } from '@/lib/import/use-cases/skipped-rows';
import { csvDownload } from '@/lib/api/presenters';

export const GET = withAgencyAuth(skippedRowsDownload, csvDownload);
