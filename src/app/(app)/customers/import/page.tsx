import type { Metadata } from 'next';
import { ImportHistory } from '@/components/import/ImportHistory';
import { ImportNotAllowed } from '@/components/import/ImportNotAllowed';
import { ImportWizard } from '@/components/import/ImportWizard';
import { TemplateDownload } from '@/components/import/TemplateDownload';
import { runPageUseCase } from '@/lib/http/run-page-use-case';
import { importHistory } from '@/lib/import/use-cases/import-history';

export const metadata: Metadata = { title: 'Import book of business' };

/** Imports the page lists (the API lists up to 50). */
const HISTORY_SHOWN = 20;

/** Customers → Import: owners and admins upload a policy-level CSV; everyone else is told who can. */
export default async function ImportPage() {
  const outcome = await runPageUseCase(importHistory, { path: '/customers/import', searchParams: { limit: String(HISTORY_SHOWN) } });
  if (!outcome) return null;
  const { agency } = outcome;
  // The one refusal this page can meet: a role without the import permission (the query is the page's own).
  if (!outcome.ok) return <ImportNotAllowed agencyName={agency.name} />;
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
      <ImportHistory entries={outcome.value.imports} />
    </div>
  );
}
