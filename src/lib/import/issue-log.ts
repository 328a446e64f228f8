import type { Queryable } from '@/lib/db';
import type { RowIssue } from './row';

/**
 * An import's report: every problem counted by code, the first MAX_STORED_ISSUES stored with their
 * row, column and (masked) value. Kept apart from the staging of rows because the whole-file
 * checks add to the same report after the file is in (validate.ts).
 */

/** Issues kept with row details per job; beyond this only their counts (by code) are kept. */
export const MAX_STORED_ISSUES = 1_000;

/** The job a report belongs to. */
export interface JobRef {
  id: string;
  agencyId: string;
}

export interface PendingIssue extends RowIssue {
  rowNumber: number | null;
  column: string | null;
}

export type IssueCounts = Record<string, { severity: RowIssue['severity']; rows: number }>;

/** Stores issues of a job's report, clamped to what the table holds (values are already masked). */
export async function insertImportIssues(
  tx: Queryable,
  job: JobRef,
  issues: { rowNumber: number | null; column: string | null; severity: string; code: string; message: string; value: string | null }[],
) {
  await tx.query(
    `insert into public.import_job_issues (agency_id, job_id, row_number, column_name, severity, code, message, value)
     select $1, $2, * from unnest($3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])`,
    [
      job.agencyId,
      job.id,
      issues.map((issue) => issue.rowNumber),
      issues.map((issue) => issue.column?.slice(0, 100) ?? null),
      issues.map((issue) => issue.severity),
      issues.map((issue) => issue.code),
      issues.map((issue) => issue.message.slice(0, 500)),
      issues.map((issue) => issue.value?.slice(0, 120) ?? null),
    ],
  );
}

/** Collects issues while a file streams in: every one counted by code, the first MAX_STORED_ISSUES kept in detail. */
export class IssueLog {
  readonly counts: IssueCounts = {};
  private pending: PendingIssue[] = [];
  private stored = 0;
  warnings = 0;

  add(issue: PendingIssue) {
    const count = (this.counts[issue.code] ??= { severity: issue.severity, rows: 0 });
    count.rows += 1;
    if (issue.severity === 'warning') this.warnings += 1;
    if (this.stored + this.pending.length < MAX_STORED_ISSUES) this.pending.push(issue);
  }

  async flush(tx: Queryable, job: JobRef) {
    if (this.pending.length === 0) return;
    const issues = this.pending;
    this.pending = [];
    this.stored += issues.length;
    await insertImportIssues(tx, job, issues);
  }
}
