'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

const TABS = [
  { href: '/analytics/segmentation', match: '/analytics', label: 'Analytics' },
  { href: '/customers/import', match: '/customers/import', label: 'Import', importersOnly: true },
  { href: '/help/troubleshooting', match: '/help', label: 'Help' },
];

export function NavTabs({ canImport = false }: { canImport?: boolean }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="order-3 w-full sm:order-none sm:w-auto">
      <ul className="flex gap-1">
        {TABS.filter((tab) => canImport || !tab.importersOnly).map((tab) => {
          const active = pathname.startsWith(tab.match);
          return (
            <li key={tab.href}>
              <Link
                href={tab.href}
                aria-current={active ? 'page' : undefined}
                className={`flex min-h-11 items-center rounded-lg px-3 text-sm font-semibold ${
                  active ? 'bg-brand-50 text-brand-700' : 'text-slate-700 hover:bg-slate-100'
                }`}
              >
                {tab.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
