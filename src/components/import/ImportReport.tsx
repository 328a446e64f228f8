import type { ReactNode } from 'react';
import { formatCount } from '@/components/format';
import type { ImportIssue } from '@/lib/import/jobs';
import type { ImportJob } from './transport';

/** Every problem found, counted by code (the stored list with details is capped; these counts are not). */
const problemCount = (job: ImportJob) => Object.values(job.issueCounts ?? {}).reduce((sum, count) => sum + count.rows, 0);

/** Statuses whose rows were checked one by one (see assertRowsChecked on the server). */
const ROWS_CHECKED: ImportJob['status'][] = ['validated', 'committed', 'cancelled'];

/**
 * A job's validation report: its counts, the problems found (PII masked), and the skipped rows as a
 * CSV to fix the file from. What the user may do next (import, cancel) comes in as children.
 */
export function ImportReport({ job, issues, children }: { job: ImportJob; issues: ImportIssue[]; children?: ReactNode }) {
  const problems = problemCount(job);
  return (
    <div className="space-y-4" data-testid="import-report">
      <h3 className="font-semibold">Validation report for {job.fileName}</h3>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        {[
          ['Rows', job.rowsTotal],
          ['Valid', job.rowsValid],
          ['With errors (skipped)', job.rowsInvalid],
          ['Warnings', job.warnings],
        ].map(([label, value]) => (
          <div key={label} className="rounded-xl border border-slate-200 p-3">
            <dt className="text-sm text-slate-600">{label}</dt>
            <dd className="text-xl font-bold tabular-nums">{formatCount(value as number)}</dd>
          </div>
        ))}
      </dl>
      {issues.length > 0 && (
        <div className="max-h-96 overflow-auto" tabIndex={0} role="region" aria-label="Problems found">
          <table className="min-w-full text-left text-sm" data-testid="import-issues">
            <thead className="sticky top-0 bg-white text-slate-600">
              <tr>
                <th className="py-1 pr-3">Row</th>
                <th className="py-1 pr-3">Column</th>
                <th className="py-1 pr-3">Problem</th>
                <th className="py-1">Value</th>
              </tr>
            </thead>
            <tbody>
              {issues.map((issue, index) => (
                <tr key={index} className="border-t border-slate-100 align-top">
                  <td className="py-1 pr-3 tabular-nums">{issue.rowNumber ?? '—'}</td>
                  <td className="py-1 pr-3">{issue.column ?? '—'}</td>
                  <td className={`py-1 pr-3 ${issue.severity === 'error' ? 'text-red-800' : 'text-amber-800'}`}>
                    {issue.severity === 'error' ? 'Error: ' : 'Warning: '}
                    {issue.message}
                  </td>
                  <td className="py-1 break-all">{issue.value ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {problems > issues.length && (
            <p className="mt-2 text-sm text-slate-600">
              Showing the first {formatCount(issues.length)} of {formatCount(problems)} problems.
            </p>
          )}
        </div>
      )}
      <SkippedRowsDownload job={job} issuesShown={issues.length} />
      {children}
    </div>
  );
}

/** The skipped rows as CSV (GET /api/customers/import/:jobId/skipped-rows), for a job whose rows were checked and some skipped. */
export function SkippedRowsDownload({ job, issuesShown }: { job: ImportJob; issuesShown: number }) {
  if (job.rowsInvalid === 0 || !ROWS_CHECKED.includes(job.status)) return null;
  const incomplete = problemCount(job) > issuesShown;
  return (
    <p className="text-sm text-slate-700">
      <a
        href={`/api/customers/import/${job.id}/skipped-rows`}
        download
        className="inline-flex min-h-11 items-center font-semibold text-brand-700 underline"
      >
        Download the {formatCount(job.rowsInvalid)} skipped {job.rowsInvalid === 1 ? 'row' : 'rows'} (CSV)
      </a>
      <span className="block">
        Each with its file row, column, problem and value (personal details masked), to fix in your file and import again.
        {incomplete ? ' Only the first problems are kept in detail, so it may not list every skipped row.' : ''}
      </span>
    </p>
  );
}
