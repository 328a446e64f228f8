/**
 * GET /api/customers/import/:jobId/skipped-rows — the rows of an import's file that have errors
 * (skipped by the commit) as CSV: file row, column, problem, value as the report holds it (PII
 * masked). For a validated, committed or cancelled job; a failed or unfinished one has no row
 * report (409). Owners and admins.
 */
import { conflict, notFound } from '@/lib/api/problem';
import { withAgencyAuth } from '@/lib/api/with-agency-auth';
import { JobParamsSchema } from '@/lib/import/api';
import { getImportJob } from '@/lib/import/jobs';
import { listSkippedRowIssues, skippedRowsAvailability, skippedRowsCsv, skippedRowsFileName } from '@/lib/import/skipped-rows';

export const GET = withAgencyAuth(
  async ({ agency, params, db }) => {
    const job = await getImportJob(agency.agencyId, params.jobId);
    if (!job) throw notFound('Import');
    const availability = skippedRowsAvailability(job);
    if (!availability.ok) throw conflict(availability.reason);
    // Read as the caller: RLS limits the report to owners and admins of this agency.
    const issues = await db((tx) => listSkippedRowIssues(tx, job.id));
    return new Response(skippedRowsCsv(issues), {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${skippedRowsFileName(job.fileName)}"`,
      },
    });
  },
  { permission: 'customers:import', rateLimit: 'read', params: JobParamsSchema },
);
