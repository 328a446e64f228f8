'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { activeTabHref, NAV_TABS } from './nav';

export function NavTabs({ canImport = false }: { canImport?: boolean }) {
  const active = activeTabHref(usePathname());
  return (
    <nav aria-label="Main" className="w-full sm:w-auto">
      <ul className="flex flex-wrap gap-1">
        {NAV_TABS.filter((tab) => canImport || !tab.importersOnly).map((tab) => (
          <li key={tab.href}>
            <Link
              href={tab.href}
              // Every page is rendered per request: prefetching them all on load costs a phone
              // six requests and main-thread work before anyone has chosen one.
              prefetch={false}
              aria-current={active === tab.href ? 'page' : undefined}
              className={`flex min-h-11 items-center rounded-lg px-3 text-sm font-semibold ${
                active === tab.href ? 'bg-brand-50 text-brand-700' : 'text-slate-700 hover:bg-slate-100'
              }`}
            >
              {tab.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
