import type { Metadata } from 'next';
import { BackToDashboard } from '@/components/layout/BackToDashboard';
import { RulesEditor } from '@/components/analytics/segmentation/RulesEditor';
import { getPageContext } from '@/lib/auth/page-session';
import { asUser } from '@/lib/db';
import { getRuleSettings } from '@/lib/insights/rules-editor';
import { roleHas } from '@/lib/tenancy/permissions';

export const metadata: Metadata = { title: 'Tier rules · Customer Segmentation' };

/** The agency's tier rules: editable with a live preview by owners and admins; history for everyone. */
export default async function RulesPage() {
  const { session, agency } = await getPageContext('/analytics/segmentation/rules');
  if (!agency) return null;
  const settings = await asUser(session.claims, (tx) => getRuleSettings(tx, agency.agencyId));
  return (
    <div className="space-y-6">
      <BackToDashboard />
      <header>
        <h1 className="text-2xl font-bold">Tier rules</h1>
        <p className="mt-1 max-w-3xl text-slate-700">
          A customer takes the first tier, from Elite down, where any of its rules holds: annual premium of at least the amount, across at
          least the number of lines. Version {settings.version}.
        </p>
      </header>
      <RulesEditor key={`${agency.agencyId}-${settings.version}`} initial={settings} canEdit={roleHas(agency.role, 'rules:write')} />
    </div>
  );
}
