import type { Metadata } from 'next';
import Link from 'next/link';
import { ImportTime, STATUS_LABEL } from '@/components/import/ImportHistory';
import { ImportJobView } from '@/components/import/ImportJobView';
import { ImportNotAllowed } from '@/components/import/ImportNotAllowed';
import { notFound } from 'next/navigation';
import { runPageUseCase } from '@/lib/http/run-page-use-case';
import { JobParamsSchema } from '@/lib/import/schemas';
import { importJobReport } from '@/lib/import/use-cases/job-report';

export const metadata: Metadata = { title: 'Import report' };

/** Customers → Import → one import: its report (and skipped rows), what it changed, or what is left to decide. */
export default async function ImportJobPage({ params }: { params: Promise<{ jobId: string }> }) {
  const { jobId } = await params;
  // Not an id at all: not found even before sign-in (the use case's own schema, checked early).
  if (!JobParamsSchema.safeParse({ jobId }).success) notFound();
  // The API's use case: another agency's job is not found, exactly like one that does not exist.
  const outcome = await runPageUseCase(importJobReport, { path: `/customers/import/${jobId}`, params: { jobId } });
  if (!outcome) return null;
  if (!outcome.ok) return <ImportNotAllowed agencyName={outcome.agency.name} />;
  const { job, issues } = outcome.value;
  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/customers/import" className="inline-flex min-h-11 items-center font-semibold text-brand-700 underline">
          ← Import book of business
        </Link>
      </nav>
      <header>
        <h1 className="text-2xl font-bold break-all">Import of {job.fileName}</h1>
        <p className="mt-1 text-slate-700" data-testid="import-job-meta">
          <ImportTime at={job.createdAt} /> · {job.source === 'cli' ? 'command line' : 'upload'} · {job.mode} · {STATUS_LABEL[job.status]}
        </p>
      </header>
      <section aria-labelledby="import-job-heading" className="space-y-4 rounded-2xl border border-slate-200 bg-white p-4 sm:p-6">
        <h2 id="import-job-heading" className="text-lg font-bold">
          {job.status === 'committed' ? 'Result' : 'Report'}
        </h2>
        <ImportJobView job={job} issues={issues} />
      </section>
    </div>
  );
}
