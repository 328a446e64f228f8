import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ImportTime, STATUS_LABEL } from '@/components/import/ImportHistory';
import { ImportJobView } from '@/components/import/ImportJobView';
import { ImportNotAllowed } from '@/components/import/ImportNotAllowed';
import { getPageContext } from '@/lib/http/page-session';
import { asUser } from '@/lib/db';
import { JobParamsSchema } from '@/lib/import/api';
import { getImportJob, listImportIssues } from '@/lib/import/jobs';
import { roleHas } from '@/lib/tenancy/permissions';

export const metadata: Metadata = { title: 'Import report' };

/** Customers → Import → one import: its report (and skipped rows), what it changed, or what is left to decide. */
export default async function ImportJobPage({ params }: { params: Promise<{ jobId: string }> }) {
  const parsed = JobParamsSchema.safeParse(await params);
  if (!parsed.success) notFound();
  const { jobId } = parsed.data;
  const { session, agency } = await getPageContext(`/customers/import/${jobId}`);
  if (!agency) return null;
  if (!roleHas(agency.role, 'customers:import')) return <ImportNotAllowed agencyName={agency.name} />;
  // Another agency's job is simply not found, exactly like one that does not exist.
  const job = await getImportJob(agency.agencyId, jobId);
  if (!job) notFound();
  // Issues read as the caller: RLS limits them to owners and admins of this agency.
  const issues = await asUser(session.claims, (tx) => listImportIssues(tx, job.id));
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
