import type { Metadata } from 'next';
import { BackLink } from '@/components/layout/BackLink';
import { RulesEditor } from '@/components/segmentation/RulesEditor';
import { loadPageData } from '@/lib/http/run-page-use-case';
import { loadRulesPage } from '@/lib/segmentation/use-cases/rules';
import { roleHas } from '@/lib/tenancy/permissions';

export const metadata: Metadata = { title: 'Tier rules' };

/** The agency's tier rules: editable with a live preview by owners and admins; history for everyone. */
export default async function RulesPage() {
  const outcome = await loadPageData(loadRulesPage, { path: '/analytics/segmentation/rules' });
  if (!outcome) return null;
  const { agency } = outcome;
  const { settings, hasCustomers } = outcome.value;
  return (
    <div className="space-y-6">
      <BackLink />
      <header>
        <h1 className="text-2xl font-bold">Tier rules</h1>
        <p className="mt-1 max-w-3xl text-slate-700">
          A customer takes the first tier, from Elite down, where any of its rules holds: annual premium of at least the amount, across at
          least the number of lines. Version {settings.version} is in force.
        </p>
      </header>
      {/* Keyed by agency only: after a save the editor keeps its state (and its "saved" message). */}
      <RulesEditor key={agency.agencyId} initial={settings} canEdit={roleHas(agency.role, 'rules:write')} bookIsEmpty={!hasCustomers} />
    </div>
  );
}
