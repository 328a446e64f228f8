/**
 * GET    /api/customers/import/:jobId — one import: status, counts and its report (up to 1,000 issues).
 * DELETE /api/customers/import/:jobId — cancel a validated import; nothing was written to the book.
 * Owners and admins.
 */
import { conflict, notFound } from '@/lib/api/problem';
import { withAgencyAuth } from '@/lib/api/with-agency-auth';
import { JobParamsSchema } from '@/lib/import/api';
import { cancelImport, getImportJob, listImportIssues } from '@/lib/import/jobs';

export const GET = withAgencyAuth(
  async ({ agency, params, db }) => {
    const job = await getImportJob(agency.agencyId, params.jobId);
    if (!job) throw notFound('Import');
    // Issues read as the caller: RLS limits them to owners and admins of this agency.
    return { job, issues: await db((tx) => listImportIssues(tx, job.id)) };
  },
  { permission: 'customers:import', rateLimit: 'read', params: JobParamsSchema },
);

export const DELETE = withAgencyAuth(
  async ({ agency, params }) => {
    const job = await getImportJob(agency.agencyId, params.jobId);
    if (!job) throw notFound('Import');
    if (!(await cancelImport(agency.agencyId, job.id)))
      throw conflict(`This import is ${job.status}; only a validated import can be cancelled.`);
    return new Response(null, { status: 204 });
  },
  { permission: 'customers:import', rateLimit: 'write', params: JobParamsSchema },
);
