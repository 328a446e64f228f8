import Link from 'next/link';
import type { Membership } from '@/lib/tenancy/agencies';
import { AgencySwitcher } from './AgencySwitcher';
import { NavTabs } from './NavTabs';
import { roleHas } from '@/lib/tenancy/permissions';
import { AccountMenu } from './AccountMenu';

export function AppHeader(props: { email: string | null; memberships: Membership[]; agency: Membership | null }) {
  const { email, memberships, agency } = props;
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-3 px-4 py-3 sm:px-6">
        <Link href="/analytics/segmentation" className="flex min-h-11 items-center text-base font-bold text-brand-900">
          Customer Segmentation
        </Link>
        <NavTabs canImport={agency ? roleHas(agency.role, 'customers:import') : false} />
        {/* Last in the page's order and full width on a phone: the header may paint before all of
            it has arrived, and whatever arrives late here then only extends it downward. */}
        <div className="flex w-full flex-wrap items-center gap-3 sm:ml-auto sm:w-auto">
          {agency && memberships.length > 1 ? (
            <AgencySwitcher agencies={memberships} currentId={agency.agencyId} />
          ) : agency ? (
            <span className="text-sm font-medium text-slate-800" data-testid="current-agency">
              {agency.name}
            </span>
          ) : null}
          <AccountMenu email={email} />
        </div>
      </div>
    </header>
  );
}
