/** One import: its status, counts and report (up to 1,000 issues); the API's answer and the job page's data. Owners and admins. */
import { agencyUseCase } from '@/lib/use-case';
import { importJobOr404, listImportIssues } from '../jobs';
import { JobParamsSchema } from '../schemas';

export const importJobReport = agencyUseCase({
  permission: 'customers:import',
  rateLimit: 'read',
  params: JobParamsSchema,
  errors: ['not-found'],
  run: async ({ agency, db }, { params }) => {
    const job = await importJobOr404(agency.agencyId, params.jobId);
    // Issues read as the caller: RLS limits them to owners and admins of this agency.
    return { job, issues: await db((tx) => listImportIssues(tx, job.id)) };
  },
});
