import { asService, type Database, type Queryable } from '@/lib/db';
import type { Aliased, Narrowed, Row } from '@/lib/db/rows';
import { DomainError, notFoundError } from '@/lib/domain-error';
import type { ColumnMapping } from './fields';
import { MAX_STORED_ISSUES, type IssueCounts } from './issue-log';
import type { DateOrder } from './values';

/**
 * The import job as a record: what it is, how it is read (one job, its report, the agency's
 * history) and the one way a use case gets a job it acts on: `importJobOr404`. An import's life:
 * created by an upload or the CLI → `validating` while the file streams in → `validated` or
 * `failed` (validate.ts) → `committed` (commit.ts) or `cancelled` (here).
 */
export type ImportMode = Row<'import_jobs'>['mode'];

export type ImportSummary = {
  customers: { created: number; updated: number; unchanged: number };
  contacts: { created: number; updated: number; unchanged: number };
  policies: { created: number; updated: number; unchanged: number; expired: number };
  rowsImported: number;
  rowsSkipped: number;
  refresh: { status: 'ok' | 'error'; durationMs: number; error?: string };
};

/** The job's columns as JOB_COLUMNS selects them (instants are Dates on the server; JSON turns them into ISO strings). */
type StoredJob = Aliased<
  'import_jobs',
  {
    id: 'id';
    agencyId: 'agency_id';
    createdBy: 'created_by';
    fileName: 'file_name';
    fileBytes: 'file_bytes';
    mode: 'mode';
    status: 'status';
    rowsTotal: 'rows_total';
    rowsValid: 'rows_valid';
    rowsInvalid: 'rows_invalid';
    warnings: 'warnings';
    error: 'error';
    createdAt: 'created_at';
    validatedAt: 'validated_at';
    finishedAt: 'finished_at';
  }
>;

/** What the columns hold beyond their SQL type: the values the one writer (this module) puts there. */
type JobContents = Narrowed<
  'import_jobs',
  {
    source: 'upload' | 'cli';
    options: { mapping: ColumnMapping; dateOrder: DateOrder; encoding?: string; delimiter?: string };
    issue_counts: IssueCounts;
    result: ImportSummary | null;
  }
>;

export interface ImportJob extends StoredJob {
  source: JobContents['source'];
  options: JobContents['options'];
  issueCounts: JobContents['issue_counts'];
  result: JobContents['result'];
}

export type ImportIssue = Aliased<
  'import_job_issues',
  { rowNumber: 'row_number'; column: 'column_name'; code: 'code'; message: 'message'; value: 'value' }
> &
  Narrowed<'import_job_issues', { severity: 'error' | 'warning' }>;

export const JOB_COLUMNS = `j.id, j.agency_id as "agencyId", j.created_by as "createdBy", j.source, j.file_name as "fileName",
  j.file_bytes::float8 as "fileBytes", j.mode, j.options, j.status, j.rows_total as "rowsTotal", j.rows_valid as "rowsValid",
  j.rows_invalid as "rowsInvalid", j.warnings, j.issue_counts as "issueCounts", j.result, j.error,
  j.created_at as "createdAt", j.validated_at as "validatedAt", j.finished_at as "finishedAt"`;

/** One job of the agency (null when it is not this agency's). */
export async function findImportJob(agencyId: string, jobId: string, db?: Database): Promise<ImportJob | null> {
  const [job] = await asService(
    (tx) => tx.query<ImportJob>(`select ${JOB_COLUMNS} from public.import_jobs j where j.agency_id = $1 and j.id = $2`, [agencyId, jobId]),
    db,
  );
  return job ?? null;
}

/**
 * The job a use case acts on, or not-found. Another agency's job is not found exactly like one
 * that does not exist: nobody learns that an id exists elsewhere.
 */
export async function importJobOr404(agencyId: string, jobId: string, db?: Database): Promise<ImportJob> {
  const job = await findImportJob(agencyId, jobId, db);
  if (!job) throw notFoundError('Import');
  return job;
}

export async function listImportIssues(tx: Queryable, jobId: string, limit = MAX_STORED_ISSUES): Promise<ImportIssue[]> {
  return tx.query<ImportIssue>(
    `select row_number as "rowNumber", column_name as "column", severity, code, message, value
     from public.import_job_issues where job_id = $1 order by row_number nulls first, id limit $2`,
    [jobId, limit],
  );
}

/** Cancels a validated job and discards its staged rows; nothing was written to the book. Conflict for any other status. */
export async function cancelImport(job: Pick<ImportJob, 'id' | 'agencyId' | 'status'>, db?: Database): Promise<void> {
  const cancelled = await asService(async (tx) => {
    const rows = await tx.query(
      `update public.import_jobs set status = 'cancelled', finished_at = now()
       where agency_id = $1 and id = $2 and status = 'validated' returning id`,
      [job.agencyId, job.id],
    );
    if (rows.length) await tx.query('delete from private.import_staged_rows where job_id = $1', [job.id]);
    return rows.length > 0;
  }, db);
  if (!cancelled) throw new DomainError('conflict', `This import is ${job.status}; only a validated import can be cancelled.`);
}

export type ImportHistoryEntry = ImportJob & { createdByEmail: string | null };

/** The agency's imports, newest first, as the caller sees them (RLS: owners and admins). */
export async function listImportHistory(tx: Queryable, agencyId: string, limit = 50): Promise<ImportHistoryEntry[]> {
  return tx.query<ImportHistoryEntry>(
    `select ${JOB_COLUMNS}, d.email as "createdByEmail"
     from public.import_jobs j
     left join private.agency_member_directory($1) d on d.user_id = j.created_by
     where j.agency_id = $1
     order by j.created_at desc limit $2`,
    [agencyId, limit],
  );
}
