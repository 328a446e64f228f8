/**
 * POST /api/customers/import/:jobId/commit — writes a validated import's valid rows to the book in
 * one transaction, then refreshes the agency's insights. With `Accept: application/x-ndjson` the
 * answer streams one JSON line per step ({"step": "customers"} …) and ends with {"job": …} or
 * {"problem": …}; otherwise it is the committed job. Owners and admins.
 */
import { notFound } from '@/lib/api/problem';
import { toApiError } from '@/lib/api/error-mapper';
import { withAgencyAuth } from '@/lib/api/with-agency-auth';
import { JobParamsSchema } from '@/lib/import/api';
import { commitImport, COMMIT_STEPS } from '@/lib/import/commit';
import { getImportJob } from '@/lib/import/jobs';

export const POST = withAgencyAuth(
  async ({ request, requestId, agency, session, params }) => {
    const job = await getImportJob(agency.agencyId, params.jobId);
    if (!job) throw notFound('Import');
    if (!(request.headers.get('accept') ?? '').includes('application/x-ndjson')) {
      return { job: await commitImport(agency.agencyId, job.id, { actorId: session.userId }) };
    }
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        // A closed tab must not abort the commit: progress lines to a gone client are dropped.
        let open = true;
        const send = (line: object) => {
          if (!open) return;
          try {
            controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
          } catch {
            open = false;
          }
        };
        send({ step: 'started', steps: COMMIT_STEPS });
        try {
          const committed = await commitImport(agency.agencyId, job.id, { actorId: session.userId, onStep: (step) => send({ step }) });
          send({ job: committed });
        } catch (error) {
          const problem = toApiError(error, { requestId, route: new URL(request.url).pathname });
          send({ problem: { status: problem.status, title: problem.title, detail: problem.detail, requestId } });
        }
        if (open) controller.close();
      },
      cancel() {
        // The client left; the commit carries on to the end (see send).
      },
    });
    return new Response(body, { headers: { 'content-type': 'application/x-ndjson' } });
  },
  { permission: 'customers:import', rateLimit: 'write', params: JobParamsSchema },
);
