/**
 * Upload: the whole file, streamed (never held in memory), validated into a new job. Answers the
 * job and the first 200 problems of its report; nothing is written to the book until the job is
 * committed. A problem with the whole file is an ImportFileError naming the failed job, which
 * stays in the history. Owners and admins.
 */
import { asService } from '@/lib/db';
import { DomainError } from '@/lib/domain-error';
import { agencyUseCase } from '@/lib/use-case';
import { ImportFileError, LIMITS } from '../file-format';
import type { IncomingFile } from '../incoming-file';
import { listImportIssues } from '../jobs';
import { UploadQuerySchema } from '../schemas';
import { validateImport } from '../validate';

/** Problems answered with the upload; the job's page shows up to MAX_STORED_ISSUES. */
const ISSUES_ANSWERED = 200;

export const uploadImportFile = (file: IncomingFile) =>
  agencyUseCase({
    permission: 'customers:import',
    rateLimit: 'import',
    query: UploadQuerySchema,
    errors: ['invalid', 'too-large', 'unprocessable'],
    run: async ({ agency, session }, { query }) => {
      // Refused before a byte is read: the rest of the body is drained or the connection closed by the adapter.
      if (file.declaredBytes > LIMITS.maxBytes) {
        throw new ImportFileError(
          'file-too-large',
          `The file is larger than ${LIMITS.maxBytes / 1024 / 1024} MB. Split it into smaller files.`,
          'too-large',
        );
      }
      if (!query.mapping) {
        throw new DomainError('invalid', 'Send the column mapping (from the analyze step) as the mapping parameter.', {
          fields: [{ field: 'query.mapping', message: 'Required' }],
        });
      }
      const job = await validateImport(
        {
          agencyId: agency.agencyId,
          userId: session.userId,
          source: 'upload',
          fileName: query.fileName,
          mode: query.mode,
          mapping: query.mapping,
          dateOrder: query.dateOrder,
        },
        file.chunks,
      );
      // The pipeline wrote as the service role; the report is read back the same way, for this agency's job only.
      const issues = await asService((tx) => listImportIssues(tx, job.id, ISSUES_ANSWERED));
      return { job, issues };
    },
  });
