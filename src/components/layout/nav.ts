/**
 * The main navigation: every page a member works with is one click from every other. The tab of
 * a page is the one whose path prefix matches it most closely (the rules page is "Tier rules",
 * not "Analytics"; a customer opened from a list belongs to Analytics, the import page to Import).
 */
export interface NavTab {
  href: string;
  label: string;
  /** Path prefixes the tab stands for. */
  matches: string[];
  /** Shown to roles that may import only. */
  importersOnly?: boolean;
}

export const NAV_TABS: NavTab[] = [
  { href: '/analytics/segmentation', label: 'Analytics', matches: ['/analytics', '/customers/'] },
  { href: '/analytics/segmentation/rules', label: 'Tier rules', matches: ['/analytics/segmentation/rules'] },
  { href: '/analytics/segmentation/movement', label: 'Tier movement', matches: ['/analytics/segmentation/movement'] },
  { href: '/customers/import', label: 'Import', matches: ['/customers/import'], importersOnly: true },
  { href: '/help/troubleshooting', label: 'Help', matches: ['/help'] },
];

const startsWithSegment = (pathname: string, prefix: string) =>
  pathname === prefix || pathname.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`);

/** The href of the tab a page belongs to, or null (a page outside the navigation). */
export function activeTabHref(pathname: string): string | null {
  let best: { href: string; length: number } | null = null;
  for (const tab of NAV_TABS) {
    for (const prefix of tab.matches) {
      if (startsWithSegment(pathname, prefix) && prefix.length > (best?.length ?? -1)) best = { href: tab.href, length: prefix.length };
    }
  }
  return best?.href ?? null;
}
