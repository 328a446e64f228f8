import { POLICY_WORDS, RENEWAL_WATCH_DAYS } from '@/lib/segmentation/policy';
import { TIER_INFO, TIERS, type Tier } from '@/lib/segmentation/tiers';

/**
 * The drill-down views — a tier, or one of the two working lists of SPEC §5 — and the way back to
 * one of them from a customer page. No database and no zod here: pages, routes and unit tests use it.
 */

/**
 * The two working lists as drill-down filters. `ownFilter` is the list page's filter checkbox
 * that the list itself applies (shown checked and fixed there); `defaultSort` is the order the
 * list is worked in (renewals: soonest first).
 */
export const CUSTOMER_LISTS = {
  'cross-sell': {
    label: 'Cross-sell opportunities',
    description: `${POLICY_WORDS.valuedTiersAnd} customers with ${POLICY_WORDS.crossSellLines}.`,
    filters: { crossSellOnly: true },
    ownFilter: 'crossSell',
    defaultSort: 'premium',
  },
  'renewal-watch': {
    label: 'Renewal watch',
    description: `${POLICY_WORDS.valuedTiersAnd} customers with a policy expiring ${POLICY_WORDS.renewalWindow}.`,
    filters: { valuedOnly: true, renewalWithinDays: RENEWAL_WATCH_DAYS },
    ownFilter: 'renewal',
    defaultSort: 'renewal',
  },
} as const satisfies Record<
  string,
  {
    label: string;
    description: string;
    filters: { crossSellOnly?: boolean; valuedOnly?: boolean; renewalWithinDays?: number };
    ownFilter: 'crossSell' | 'renewal';
    defaultSort: 'premium' | 'renewal';
  }
>;
export type CustomerList = keyof typeof CUSTOMER_LISTS;

/** The movers lists (SPEC §11), by direction: their heading, page title and back-link text, and what they hold. */
export const MOVER_LISTS = {
  down: {
    label: `At risk: left ${POLICY_WORDS.valuedTiersOr}`,
    description: `Customers who were ${POLICY_WORDS.valuedTiersOr} on the first day and, on the second, are in a lower tier or have no policy in force.`,
  },
  up: {
    label: 'Rising',
    description:
      'Customers who were in a tier on the first day and are in a higher tier on the second. Customers new since the first day are not counted.',
  },
} as const;
export const moversListOf = (direction: string | null | undefined) => MOVER_LISTS[direction === 'up' ? 'up' : 'down'];
export type ListView = Tier | CustomerList;

export const isCustomerList = (value: string): value is CustomerList => Object.hasOwn(CUSTOMER_LISTS, value);
export const isListView = (value: string): value is ListView => (TIERS as readonly string[]).includes(value) || isCustomerList(value);

/** "Elite customers", "Renewal watch": the view's heading, page title and back-link text. */
export const listTitle = (view: ListView) => (isCustomerList(view) ? CUSTOMER_LISTS[view].label : `${TIER_INFO[view].label} customers`);

/**
 * The query parameters of the list page (its GET form and paging links, the list API's names),
 * and nothing else; `renewal` is how links said `renewalWithinDays` before, and the page
 * redirects it.
 */
const LIST_PAGE_PARAMS = ['sort', 'search', 'crossSell', 'renewalWithinDays', 'renewal', 'cursor'] as const;
const MOVERS_PAGE_PARAMS = ['direction', 'from', 'to', 'sort', 'cursor'] as const;
const LIST_PATH = /^\/analytics\/segmentation\/([a-z-]+)$/;
// Any base with a host of its own: a value that escapes the path (//host, /\host, a scheme) changes the origin.
const BASE = 'http://list.invalid';

/**
 * Where a customer page's back link goes: the list (with its filters and page) the customer was
 * opened from, given as `from`. Only a drill-down or movers path of this site is accepted, rebuilt from its
 * known parameters; anything else (another site, another page, a mangled value) is null and the
 * link falls back to the dashboard.
 */
export function safeListReturn(from: string | undefined | null): { href: string; label: string } | null {
  // The URL parser would drop tabs and newlines and read "\" as "/": such a value is refused, not repaired.
  if (!from || from.length > 1_000 || !from.startsWith('/analytics/segmentation/') || /[\u0000-\u001f\u007f\\]/.test(from)) return null;
  let url: URL;
  try {
    url = new URL(from, BASE);
  } catch {
    return null;
  }
  const view = LIST_PATH.exec(url.pathname)?.[1];
  const movers = view === 'movers';
  if (url.origin !== BASE || !view || !(movers || isListView(view))) return null;
  const kept = new URLSearchParams();
  for (const name of movers ? MOVERS_PAGE_PARAMS : LIST_PAGE_PARAMS) {
    const value = url.searchParams.get(name);
    if (value) kept.set(name, value.slice(0, 320));
  }
  const query = kept.toString();
  const label = movers ? moversListOf(kept.get('direction')).label : listTitle(view as ListView);
  return { href: `/analytics/segmentation/${view}${query ? `?${query}` : ''}`, label };
}
