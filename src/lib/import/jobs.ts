import { asService, type Database, type Queryable } from '@/lib/db';
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
export type ImportMode = 'merge' | 'replace';
export type ImportStatus = 'validating' | 'validated' | 'committed' | 'failed' | 'cancelled';

export interface ImportSummary {
  customers: { created: number; updated: number; unchanged: number };
  contacts: { created: number; updated: number; unchanged: number };
  policies: { created: number; updated: number; unchanged: number; expired: number };
  rowsImported: number;
  rowsSkipped: number;
  refresh: { status: 'ok' | 'error'; durationMs: number; error?: string };
}

export interface ImportJob {
  id: string;
  agencyId: string;
  createdBy: string | null;
  source: 'upload' | 'cli';
  fileName: string;
  fileBytes: number;
  mode: ImportMode;
  options: { mapping: ColumnMapping; dateOrder: DateOrder; encoding?: string; delimiter?: string };
  status: ImportStatus;
  rowsTotal: number;
  rowsValid: number;
  rowsInvalid: number;
  warnings: number;
  issueCounts: IssueCounts;
  result: ImportSummary | null;
  error: string | null;
  createdAt: string;
  validatedAt: string | null;
  finishedAt: string | null;
}

export interface ImportIssue {
  rowNumber: number | null;
  column: string | null;
  severity: 'error' | 'warning';
  code: string;
  message: string;
  value: string | null;
}

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
