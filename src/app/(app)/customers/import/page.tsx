import type { Metadata } from 'next';
import { ImportHistory } from '@/components/import/ImportHistory';
import { ImportNotAllowed } from '@/components/import/ImportNotAllowed';
import { ImportWizard } from '@/components/import/ImportWizard';
import { TemplateDownload } from '@/components/import/TemplateDownload';
import { getPageContext } from '@/lib/http/page-session';
import { asUser } from '@/lib/db';
import { listImportHistory } from '@/lib/import/jobs';
import { roleHas } from '@/lib/tenancy/permissions';

export const metadata: Metadata = { title: 'Import book of business' };

/** Customers → Import: owners and admins upload a policy-level CSV; everyone else is told who can. */
export default async function ImportPage() {
  const { session, agency } = await getPageContext('/customers/import');
  if (!agency) return null;
  if (!roleHas(agency.role, 'customers:import')) return <ImportNotAllowed agencyName={agency.name} />;
  const history = await asUser(session.claims, (tx) => listImportHistory(tx, agency.agencyId, 20));
  return (
    <div className="space-y-8">
      <header>
        <h1 className="text-2xl font-bold">Import book of business</h1>
        <p className="mt-1 max-w-3xl text-slate-700">
          Upload a policy-level CSV export (one row per policy) for {agency.name}. Nothing is written until you have seen the validation
          report and confirmed it.
        </p>
        <p className="mt-1 max-w-3xl text-slate-700">
          Starting from scratch? <TemplateDownload className="text-brand-700" /> — every column this import reads, under its own name, with
          example rows.
        </p>
      </header>
      <ImportWizard key={agency.agencyId} />
      <ImportHistory entries={history} />
    </div>
  );
}
