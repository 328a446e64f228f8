'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { ImportIssue } from '@/lib/import/jobs';
import type { ImportJob } from './transport';
import { cancelJob, commitWithProgress, refusalMessage } from './transport';
import { formatCount } from '@/components/format';
import { ImportReport, SkippedRowsDownload } from './ImportReport';
import { ImportSummary } from './ImportSummary';
import { ProgressBar } from './ProgressBar';

type Stage =
  { name: 'report' } | { name: 'committing'; label: string; percent: number } | { name: 'done'; job: ImportJob } | { name: 'cancelled' };

const secondaryButton = 'flex min-h-11 items-center rounded-lg border border-slate-300 px-4 font-semibold';

/**
 * A validated job's report and the user's decision: import the valid rows (with progress, then
 * what changed) or cancel. Right after an upload, and from the job's own report page later.
 * `onAnother` starts over in the same wizard; without it, "Import another file" goes to the page.
 */
export function JobReview({ job, issues, onAnother }: { job: ImportJob; issues: ImportIssue[]; onAnother?: () => void }) {
  const router = useRouter();
  const [stage, setStage] = useState<Stage>({ name: 'report' });
  const [error, setError] = useState<string | null>(null);

  async function commit() {
    setError(null);
    try {
      const committed = await commitWithProgress(job.id, (label, percent) => setStage({ name: 'committing', label, percent }));
      setStage({ name: 'done', job: committed });
    } catch (failure) {
      setError(refusalMessage(failure, 'The import could not be finished. Reload this page to see whether it was imported.'));
      setStage({ name: 'report' });
    }
    router.refresh();
  }

  async function cancel() {
    setError(null);
    if (await cancelJob(job.id)) setStage({ name: 'cancelled' });
    else setError('The import could not be cancelled. Reload the page to see its status.');
    router.refresh();
  }

  const another = onAnother ? (
    <button type="button" onClick={onAnother} className={secondaryButton}>
      Import another file
    </button>
  ) : (
    <Link href="/customers/import" className={secondaryButton}>
      Import another file
    </Link>
  );

  return (
    <div className="space-y-4">
      {error && (
        <p role="alert" className="rounded-lg border border-red-200 bg-red-50 p-3 text-red-800">
          {error}
        </p>
      )}
      {stage.name === 'report' && (
        <ImportReport job={job} issues={issues}>
          <div className="flex flex-wrap gap-3">
            <button type="button" onClick={() => void cancel()} className={secondaryButton}>
              Cancel import
            </button>
            <button
              type="button"
              onClick={() => void commit()}
              disabled={job.rowsValid === 0}
              className="min-h-11 rounded-lg bg-brand-600 px-4 font-semibold text-white disabled:opacity-50"
            >
              {job.rowsInvalid > 0
                ? `Import ${formatCount(job.rowsValid)} valid rows, skip ${formatCount(job.rowsInvalid)}`
                : `Import ${formatCount(job.rowsValid)} rows`}
            </button>
          </div>
        </ImportReport>
      )}
      {stage.name === 'committing' && <ProgressBar label={stage.label} percent={stage.percent} />}
      {stage.name === 'done' && (
        <>
          <ImportSummary job={stage.job} />
          <SkippedRowsDownload job={stage.job} issuesShown={issues.length} />
          <div className="flex flex-wrap gap-3">
            <Link
              href="/analytics/segmentation"
              className="flex min-h-11 items-center rounded-lg bg-brand-600 px-4 font-semibold text-white"
            >
              See the dashboard
            </Link>
            {another}
          </div>
        </>
      )}
      {stage.name === 'cancelled' && (
        <>
          <p data-testid="import-cancelled">Import of {job.fileName} cancelled; nothing was written to your book.</p>
          <div className="flex flex-wrap gap-3">{another}</div>
        </>
      )}
    </div>
  );
}
