import type { Metadata } from 'next';
import { ImportHistory } from '@/components/import/ImportHistory';
import { ImportWizard } from '@/components/import/ImportWizard';
import { getPageContext } from '@/lib/auth/page-session';
import { asUser } from '@/lib/db';
import { listImportHistory } from '@/lib/import/jobs';
import { roleHas } from '@/lib/tenancy/permissions';

export const metadata: Metadata = { title: 'Import book of business' };

/** Customers → Import: owners and admins upload a policy-level CSV; everyone else is told who can. */
export default async function ImportPage() {
  const { session, agency } = await getPageContext('/customers/import');
  if (!agency) return null;
  if (!roleHas(agency.role, 'customers:import')) {
    return (
      <section className="rounded-2xl border border-slate-200 bg-white p-6">
        <h1 className="text-xl font-bold">Import book of business</h1>
        <p className="mt-2 text-slate-700">Only owners and admins of {agency.name} can import files. Ask one of them to import yours.</p>
      </section>
    );
  }
  const history = await asUser(session.claims, (tx) => listImportHistory(tx, agency.agencyId, 20));
  return (
    <div className="space-y-8">
      <header>
        <h1 className="text-2xl font-bold">Import book of business</h1>
        <p className="mt-1 max-w-3xl text-slate-700">
          Upload a policy-level CSV export (one row per policy) for {agency.name}. Nothing is written until you have seen the validation
          report and confirmed it.
        </p>
      </header>
      <ImportWizard key={agency.agencyId} />
      <ImportHistory entries={history} />
    </div>
  );
}
