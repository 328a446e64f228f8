import Link from 'next/link';

/** The help pages, in the order a member needs them; the main navigation's "Help" tab stands for all of them. */
export const HELP_PAGES = [
  { href: '/help/troubleshooting', label: 'Troubleshooting' },
  { href: '/help/api', label: 'API reference' },
] as const;

/** Links between the help pages, the current one marked (server-rendered: the page says which it is). */
export function HelpPagesNav({ current }: { current: (typeof HELP_PAGES)[number]['href'] }) {
  return (
    <nav aria-label="Help pages">
      <ul className="flex flex-wrap gap-1">
        {HELP_PAGES.map((page) => (
          <li key={page.href}>
            <Link
              href={page.href}
              prefetch={false}
              aria-current={page.href === current ? 'page' : undefined}
              className={`flex min-h-11 items-center rounded-lg px-3 text-sm font-semibold ${
                page.href === current ? 'bg-brand-50 text-brand-700' : 'text-brand-700 underline hover:bg-slate-100'
              }`}
            >
              {page.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
