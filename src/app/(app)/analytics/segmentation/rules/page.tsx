import type { Metadata } from 'next';
import { BackLink } from '@/components/layout/BackLink';
import { RulesEditor } from '@/components/analytics/segmentation/RulesEditor';
import { getPageContext } from '@/lib/auth/page-session';
import { agencyHasCustomers } from '@/lib/customers/customers';
import { asUser } from '@/lib/db';
import { getRuleSettings } from '@/lib/insights/rules-editor';
import { roleHas } from '@/lib/tenancy/permissions';

export const metadata: Metadata = { title: 'Tier rules' };

/** The agency's tier rules: editable with a live preview by owners and admins; history for everyone. */
export default async function RulesPage() {
  const { session, agency } = await getPageContext('/analytics/segmentation/rules');
  if (!agency) return null;
  const { settings, hasCustomers } = await asUser(session.claims, async (tx) => ({
    settings: await getRuleSettings(tx, agency.agencyId),
    hasCustomers: await agencyHasCustomers(tx, agency.agencyId),
  }));
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
