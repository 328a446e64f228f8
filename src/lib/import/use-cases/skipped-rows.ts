/**
 * The rows of an import's file that have errors (skipped by the commit) as CSV: file row, column,
 * problem, value as the report holds it (PII masked). For a validated, committed or cancelled
 * job; a failed or unfinished one has no row report (conflict). Owners and admins.
 */
import type { CsvDownload } from '@/lib/downloads';
import { agencyUseCase } from '@/lib/use-case';
import { importJobOr404 } from '../jobs';
import { JobParamsSchema } from '../schemas';
import { assertRowsChecked, listSkippedRowIssues, skippedRowsCsv, skippedRowsFileName } from '../skipped-rows';

export const skippedRowsDownload = agencyUseCase({
  permission: 'customers:import',
  rateLimit: 'read',
  params: JobParamsSchema,
  errors: ['not-found', 'conflict'],
  run: async ({ agency, db }, { params }): Promise<CsvDownload> => {
    const job = await importJobOr404(agency.agencyId, params.jobId);
    assertRowsChecked(job);
    // Read as the caller: RLS limits the report to owners and admins of this agency.
    const issues = await db((tx) => listSkippedRowIssues(tx, job.id));
    return { filename: skippedRowsFileName(job.fileName), lines: [skippedRowsCsv(issues)] };
  },
});
