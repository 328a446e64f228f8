import type { Queryable } from '@/lib/db';
import { csvLine } from '@/lib/customers/csv-export';
import { DomainError } from '@/lib/domain-error';
import type { ImportIssue, ImportJob } from './jobs';

/**
 * The rows an import skips (rows with at least one error) as a CSV the user can fix their file
 * from: the file's own row number (the header is row 1), the column, the problem, and the value
 * as the report stored it. The report never holds raw PII (names, emails and phones are masked
 * before they are stored; see reportValue), so neither does this file. The report keeps the first
 * MAX_STORED_ISSUES problems in detail; beyond that only counts exist, and the page says so.
 */
export const SKIPPED_ROWS_HEADER = ['file_row', 'column', 'severity', 'problem', 'value'];

/** Throws a conflict unless the job's rows were checked: a failed file was never read row by row, a validating one is not finished. */
export function assertRowsChecked(job: Pick<ImportJob, 'status' | 'error'>): void {
  if (job.status === 'validating')
    throw new DomainError('conflict', 'This import is still being validated; try again when its report is ready.');
  if (job.status === 'failed') {
    throw new DomainError(
      'conflict',
      `This import failed before its rows were checked, so no row was skipped: ${job.error ?? 'see its report'}`,
    );
  }
}

/** The row number is never null here: only problems of a row are selected. */
type SkippedRowIssue = Pick<ImportIssue, 'column' | 'severity' | 'message' | 'value'> & {
  rowNumber: NonNullable<ImportIssue['rowNumber']>;
};

/** Every stored problem of the job's skipped rows (warnings too: they help fix the row), by row. Read as the caller (RLS). */
export async function listSkippedRowIssues(tx: Queryable, jobId: string): Promise<SkippedRowIssue[]> {
  return tx.query<SkippedRowIssue>(
    `select i.row_number as "rowNumber", i.column_name as "column", i.severity, i.message, i.value
     from public.import_job_issues i
     where i.job_id = $1 and i.row_number in (
       select row_number from public.import_job_issues where job_id = $1 and severity = 'error' and row_number is not null)
     order by i.row_number, i.id`,
    [jobId],
  );
}

export function skippedRowsCsv(issues: SkippedRowIssue[]): string {
  return [
    csvLine(SKIPPED_ROWS_HEADER),
    ...issues.map((issue) => csvLine([issue.rowNumber, issue.column, issue.severity, issue.message, issue.value])),
  ].join('');
}

/** "Spring Book (final).csv" → "Spring-Book-final-skipped-rows.csv": safe in a Content-Disposition header. */
export function skippedRowsFileName(fileName: string): string {
  const base = fileName
    .replace(/\.[^.]*$/, '')
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${base || 'import'}-skipped-rows.csv`;
}
