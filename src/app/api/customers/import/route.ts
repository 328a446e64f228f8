/**
 * GET  /api/customers/import — the agency's import history (who, when, file, mode, result).
 * POST /api/customers/import?fileName=&mode=merge|replace&dateOrder=mdy|dmy&mapping={json} — the
 *      whole CSV file as the body, streamed (never held in memory): validated into a new job.
 *      Answers the validation report; nothing is written to the book until the job is committed.
 * Owners and admins (SPEC §3: import CSV). This path skips the proxy (see src/proxy.ts), which
 * would otherwise buffer the body.
 */
import { ApiError } from '@/lib/api/problem';
import { withAgencyAuth } from '@/lib/api/with-agency-auth';
import { fileProblem, requestChunks, UploadQuerySchema } from '@/lib/import/api';
import { LIMITS } from '@/lib/import/file-format';
import { listImportHistory, listImportIssues, validateImport } from '@/lib/import/jobs';
import { asService } from '@/lib/db';

export const GET = withAgencyAuth(async ({ agency, db }) => ({ imports: await db((tx) => listImportHistory(tx, agency.agencyId)) }), {
  permission: 'customers:import',
  rateLimit: 'read',
});

export const POST = withAgencyAuth(
  async ({ request, agency, session, query }) => {
    const declared = Number(request.headers.get('content-length') ?? '0');
    if (declared > LIMITS.maxBytes) {
      throw new ApiError(
        413,
        'file-too-large',
        'File cannot be imported',
        `The file is larger than ${LIMITS.maxBytes / 1024 / 1024} MB. Split it into smaller files.`,
      );
    }
    if (!query.mapping) {
      throw new ApiError(
        400,
        'validation',
        'Invalid request',
        'Send the column mapping (from the analyze step) as the mapping parameter.',
        {
          errors: [{ field: 'query.mapping', message: 'Required' }],
        },
      );
    }
    const outcome = await validateImport(
      {
        agencyId: agency.agencyId,
        userId: session.userId,
        source: 'upload',
        fileName: query.fileName,
        mode: query.mode,
        mapping: query.mapping,
        dateOrder: query.dateOrder,
      },
      requestChunks(request),
    );
    if (outcome.fileError) throw fileProblem(outcome);
    // The pipeline wrote as the service role; the report is read back the same way, for this agency's job only.
    const issues = await asService((tx) => listImportIssues(tx, outcome.job.id, 200));
    return new Response(JSON.stringify({ job: outcome.job, issues }), { status: 201, headers: { 'content-type': 'application/json' } });
  },
  { permission: 'customers:import', rateLimit: 'import', query: UploadQuerySchema },
);
