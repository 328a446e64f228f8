import { asService, type Queryable } from '@/lib/db';
import { asServiceJob } from '@/lib/db/service-job';
import { logger } from '@/lib/observability/logger';
import type { ColumnMapping } from './fields';
import { isImportFileError } from './file-format';
import { dropStaleStaging } from './housekeeping';
import { findImportJob, type ImportJob, type ImportMode } from './jobs';
import { measureImportPhase } from './phase-metrics';
import { stageFile, type StageOptions } from './stage';
import type { DateOrder } from './values';
import { runWholeFileChecks } from './whole-file-checks';

/**
 * The first half of an import's life: a job is created (`validating`), the file streams through
 * the stage (stage.ts) and the whole-file checks (whole-file-checks.ts), and the job ends
 * `validated` (report ready, valid rows staged) or `failed` (the file as a whole was unusable).
 * Runs as the service role; callers check the user's `customers:import` permission first and
 * always pass the agency from the session.
 */
export interface NewImport {
  agencyId: string;
  userId: string | null;
  source: 'upload' | 'cli';
  fileName: string;
  mode: ImportMode;
  mapping: ColumnMapping;
  dateOrder: DateOrder;
}

async function createJob(tx: Queryable, input: NewImport): Promise<string> {
  await dropStaleStaging(tx);
  const [job] = await tx.query<{ id: string }>(
    `insert into public.import_jobs (agency_id, created_by, source, file_name, mode, options)
     values ($1, $2, $3, $4, $5, $6) returning id`,
    [
      input.agencyId,
      input.userId,
      input.source,
      input.fileName.slice(0, 255) || 'upload.csv',
      input.mode,
      { mapping: input.mapping, dateOrder: input.dateOrder },
    ],
  );
  return job!.id;
}

type ValidateOptions = Pick<StageOptions, 'maxBytes' | 'maxRows' | 'onProgress' | 'db' | 'maxSuspects' | 'today'>;

/**
 * Creates a job and validates the file into it; returns the validated job. A problem with the
 * whole file (empty, binary, too large, a required column missing) fails the job with a clear
 * message, stages nothing and is thrown as an ImportFileError naming the failed job.
 */
export function validateImport(input: NewImport, source: AsyncIterable<Uint8Array>, options: ValidateOptions = {}): Promise<ImportJob> {
  return measureImportPhase(
    'validate',
    () => validateIntoNewJob(input, source, options),
    (job) => ({ valid: job.rowsValid, invalid: job.rowsInvalid }),
  );
}

async function validateIntoNewJob(input: NewImport, source: AsyncIterable<Uint8Array>, options: ValidateOptions): Promise<ImportJob> {
  const jobId = await asService((tx) => createJob(tx, input), options.db);
  const job = { id: jobId, agencyId: input.agencyId };
  try {
    const staged = await stageFile(job, source, { ...options, mapping: input.mapping, dateOrder: input.dateOrder });
    await asServiceJob(async (tx) => {
      const issues = await runWholeFileChecks(tx, job, input.mapping, staged.suspects);
      for (const issue of issues) {
        const count = (staged.issueCounts[issue.code] ??= { severity: issue.severity, rows: 0 });
        count.rows += 1;
      }
      const [counts] = await tx.query<{ valid: number }>(
        'select count(*) filter (where valid)::int as valid from private.import_staged_rows where job_id = $1',
        [jobId],
      );
      await tx.query(
        `update public.import_jobs set status = 'validated', validated_at = now(), file_bytes = $2, rows_total = $3::int,
           rows_valid = $4::int, rows_invalid = $3::int - $4::int, warnings = $5, issue_counts = $6,
           options = options || jsonb_build_object('encoding', $7::text, 'delimiter', $8::text)
         where id = $1`,
        [
          jobId,
          staged.bytes,
          staged.rowsTotal,
          counts!.valid,
          staged.warnings + issues.filter((i) => i.severity === 'warning').length,
          staged.issueCounts,
          staged.encoding,
          staged.delimiter,
        ],
      );
    }, options.db);
  } catch (error) {
    const fileError = isImportFileError(error) ? error : undefined;
    if (!fileError) logger.error({ jobId, err: error }, 'import validation failed');
    await asService(async (tx) => {
      await tx.query('delete from private.import_staged_rows where job_id = $1', [jobId]);
      await tx.query(`update public.import_jobs set status = 'failed', finished_at = now(), error = left($2, 2000) where id = $1`, [
        jobId,
        fileError?.message ?? 'The import could not be validated because of a server error; nothing was imported.',
      ]);
    }, options.db);
    // The failed job stays in the history; the problem names it.
    throw fileError ? fileError.ofJob(jobId) : error;
  }
  return (await findImportJob(input.agencyId, jobId, options.db))!;
}
