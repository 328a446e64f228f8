import type { ImportIssue } from '@/lib/import/jobs';
import type { ImportJob } from './transport';
import { ImportReport } from './ImportReport';
import { ImportSummary } from './ImportSummary';
import { JobReview } from './JobReview';

/** One import's report page body, by status: a validated job can still be imported or cancelled here. */
export function ImportJobView({ job, issues }: { job: ImportJob; issues: ImportIssue[] }) {
  switch (job.status) {
    case 'validated':
      return <JobReview job={job} issues={issues} />;
    case 'committed':
      return (
        <div className="space-y-6">
          <ImportSummary job={job} />
          <ImportReport job={job} issues={issues} />
        </div>
      );
    case 'cancelled':
      return (
        <div className="space-y-4">
          <p>Cancelled{job.error ? ` (${job.error})` : ''}: nothing from this file was written to your book.</p>
          <ImportReport job={job} issues={issues} />
        </div>
      );
    case 'failed':
      return (
        <p role="alert" className="rounded-lg border border-red-200 bg-red-50 p-3 text-red-800" data-testid="import-failed">
          {job.error ?? 'This import failed.'} Nothing from this file was written to your book.
        </p>
      );
    case 'validating':
      return <p>This file is still being validated. Reload the page in a moment to see its report.</p>;
  }
}
