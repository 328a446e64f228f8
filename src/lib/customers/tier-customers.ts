import type { Queryable, SqlParam } from '@/lib/db';
import type { Aliased } from '@/lib/db/rows';
import { DomainError } from '@/lib/domain-error';
import { looksLikeEmail } from '@/lib/import/values';
import { emailBlindIndex } from '@/lib/pii/cipher';
import { z } from 'zod';
import { CROSS_SELL_LINE_COUNT, VALUED_TIERS } from '@/lib/segmentation/policy';
import { TIERS, type Tier } from '@/lib/segmentation/tiers';
import { SEALED_COLUMNS, withPii, type Sealed } from './customers';
import { CUSTOMER_LISTS, type CustomerList } from './lists';
import { decodeKeyset, encodeKeyset, notACursor, type KeysetPosition } from './paging';
import { maskPerson, type PersonFields } from './pii-mask';

/**
 * A tier's customers for the drill-down (SPEC §3, §5): keyset pagination over a sort key and the
 * customer id, so pages stay stable while rows are added; filters for cross-sell opportunities
 * and upcoming renewals; search by customer id prefix, exact email (through the blind index,
 * the email itself is sealed) or name words — the last two only for roles that see PII. PII
 * opened, then masked for roles without PII access.
 */
export const TIER_SORTS = {
  premium: { expression: 'i.annual_premium', type: 'numeric', direction: 'desc' },
  lines: { expression: 'i.distinct_lines', type: 'integer', direction: 'desc' },
  // Longest tenure first, customers without one last: days from the tenure start to a fixed far
  // day, so the order does not depend on the day it is read (tenure in years is figured when read).
  tenure: { expression: "coalesce(date '2100-01-01' - i.tenure_start, -1)", type: 'integer', direction: 'desc' },
  // Soonest first; customers without a renewal date last.
  renewal: { expression: "coalesce(i.next_renewal_date, 'infinity'::date)", type: 'date', direction: 'asc' },
} as const;
export type TierSort = keyof typeof TIER_SORTS;
/** The sorts SQL can do, and name: names are sealed, so that one is done in the app on bounded lists. */
export type ListSort = TierSort | 'name';
export const LIST_SORTS: readonly ListSort[] = [...(Object.keys(TIER_SORTS) as TierSort[]), 'name'];
/** The most customers a list sorted by name may hold (all are opened and sorted per request). */
export const NAME_SORT_LIMIT = 5_000;

export interface TierCustomerQuery {
  tier?: Tier;
  sort: ListSort;
  limit: number;
  cursor?: string;
  /** A customer id prefix, words of a name (roles that see PII), or an exact email address. */
  search?: string;
  crossSellOnly?: boolean;
  /** Only customers with an active policy expiring within this many days of the as-of date. */
  renewalWithinDays?: number;
  /** Elite and Premium only (the renewal watch and the cross-sell list span both). */
  valuedOnly?: boolean;
  canSeePii: boolean;
}

type InsightColumns = Aliased<
  'customer_insights',
  {
    id: 'customer_id';
    annualPremium: 'annual_premium';
    distinctLines: 'distinct_lines';
    nextRenewalDate: 'next_renewal_date';
  }
>;
type CustomerColumns = Aliased<'customers', { externalId: 'external_id'; kind: 'kind' }>;

export interface TierCustomer extends InsightColumns, CustomerColumns, PersonFields {
  /** Never null in these lists: they hold segmented customers only (`i.tier is not null`). */
  tier: Tier;
  /** Years from the tenure start to the agency's as-of day, to two decimals (numeric as text). */
  tenureYears: string | null;
}

type Cursor = KeysetPosition;

// The longest sort value a drill-down cursor carries (a premium, a count, a day count or a date).
const MAX_CURSOR_VALUE = 40;
const decodeCursor = (cursor: string) => decodeKeyset(cursor, MAX_CURSOR_VALUE);

type OpenedRow = TierCustomer & { sortValue: string };

/** One batch of the list in sort order after `cursor`, PII opened (not yet masked). */
async function fetchBatch(
  tx: Queryable,
  agencyId: string,
  query: TierCustomerQuery,
  cursor: Cursor | null,
  size: number,
  emailIndex: Buffer | null,
) {
  // Name order is made in the app (sortedByName); the batches it reads come in premium order.
  const sort = TIER_SORTS[query.sort === 'name' ? 'premium' : query.sort];
  const params: SqlParam[] = [agencyId, size];
  const where: string[] = ['i.agency_id = $1', 'i.tier is not null'];
  const bind = (value: SqlParam) => `$${params.push(value)}`;
  if (query.tier) where.push(`i.tier = ${bind(query.tier)}::public.customer_tier`);
  if (query.crossSellOnly || query.valuedOnly) where.push(`i.tier = any (${bind(VALUED_TIERS)}::text[]::public.customer_tier[])`);
  if (query.crossSellOnly) where.push(`i.distinct_lines = ${bind(CROSS_SELL_LINE_COUNT)}::int`);
  if (query.renewalWithinDays !== undefined) {
    where.push(
      `i.next_renewal_date is not null and i.next_renewal_date <= (select s.as_of from public.agency_insight_summaries s where s.agency_id = $1) + ${bind(query.renewalWithinDays)}::int`,
    );
  }
  if (emailIndex) where.push(`c.id in (select private.customer_ids_by_email_index($1, ${bind(emailIndex)}))`);
  if (cursor) {
    // Row comparison: everything after the cursor in (sort key, id) order, in the sort's direction.
    const op = sort.direction === 'desc' ? '<' : '>';
    where.push(`(${sort.expression}, i.customer_id) ${op} (${bind(cursor.value)}::${sort.type}, ${bind(cursor.id)}::uuid)`);
  }
  const rows = await tx.query<Omit<TierCustomer, keyof PersonFields> & Sealed & { sortValue: string }>(
    `with page as (
       select i.customer_id, i.tier, i.annual_premium, i.distinct_lines, i.tenure_start, i.next_renewal_date,
              (${sort.expression})::text as sort_value
       from public.customer_insights i
       join public.customers c on c.id = i.customer_id and c.agency_id = i.agency_id
       where ${where.join(' and ')}
       order by ${sort.expression} ${sort.direction}, i.customer_id ${sort.direction}
       limit $2
     )
     select p.customer_id as id, c.external_id as "externalId", c.kind, p.tier, p.annual_premium as "annualPremium",
            p.distinct_lines as "distinctLines", p.next_renewal_date as "nextRenewalDate",
            round(((s.as_of - p.tenure_start) / 365.25)::numeric, 2)::text as "tenureYears",
            p.sort_value as "sortValue", ${SEALED_COLUMNS}
     from page p
     join public.customers c on c.id = p.customer_id
     left join public.agency_insight_summaries s on s.agency_id = $1
     left join private.customer_pii((select array_agg(customer_id) from page)) pii on pii.id = p.customer_id
     order by ${sort.expression.replace(/\bi\./g, 'p.')} ${sort.direction}, p.customer_id ${sort.direction}`,
    params,
  );
  return rows.map((row): OpenedRow => withPii(row, 'customer'));
}

const fold = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/** How many rows one name search may open before it answers with what it found so far. */
const MAX_SCANNED_FOR_SEARCH = 100_000;
const SCAN_BATCH = 1_000;

/** A row matches a (non-email) search by its id prefix, or by every word of its name when the caller may see names. */
function matcher(search: string, canSeePii: boolean) {
  const words = fold(search).split(/\s+/).filter(Boolean);
  return (row: OpenedRow) => {
    if (row.externalId.startsWith(search)) return true;
    const name = canSeePii && row.name ? fold(row.name) : null;
    return Boolean(name && words.every((word) => name.includes(word)));
  };
}

/**
 * Names are sealed, so a name search cannot run in SQL: it walks the list in sort order in
 * batches, opens the names and keeps rows whose name holds every word (or whose id starts with
 * the search), until a page is full. Only for roles that see PII: a viewer could otherwise learn
 * who is a customer by guessing names; viewers search by id.
 */
async function searchByNameOrId(tx: Queryable, agencyId: string, query: TierCustomerQuery, search: string, cursor: Cursor | null) {
  const matches: OpenedRow[] = [];
  const matchesSearch = matcher(search, query.canSeePii);
  let scanned = 0;
  let position = cursor;
  for (;;) {
    const batch = await fetchBatch(tx, agencyId, query, position, SCAN_BATCH, null);
    for (const row of batch) {
      if (matchesSearch(row)) matches.push(row);
      if (matches.length > query.limit) break;
    }
    scanned += batch.length;
    const last = batch[batch.length - 1];
    if (matches.length > query.limit || batch.length < SCAN_BATCH || !last) return { rows: matches, resumeAt: null };
    position = { value: last.sortValue, id: last.id };
    // Not a full page yet but enough work for one request: the next page carries on from here.
    if (scanned >= MAX_SCANNED_FOR_SEARCH) return { rows: matches, resumeAt: position };
  }
}

const byName = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/**
 * Sorted by name: every customer of the (filtered) list is opened and sorted here, so only lists
 * of up to NAME_SORT_LIMIT customers; a larger one is refused with what to do instead. The cursor
 * is a position in that order (names never go into a URL).
 */
async function sortedByName(tx: Queryable, agencyId: string, query: TierCustomerQuery, search: string | undefined, cursor: Cursor | null) {
  const refuse = (message: string) => new DomainError('invalid', message, { field: 'query.sort' });
  if (!query.canSeePii) throw refuse('Sorting by name needs access to names.');
  const emailIndex = search && looksLikeEmail(search) ? emailBlindIndex(search) : null;
  const matchesSearch = search && !emailIndex ? matcher(search, true) : () => true;
  const rows: OpenedRow[] = [];
  for (let position: Cursor | null = null; ;) {
    const batch = await fetchBatch(tx, agencyId, query, position, SCAN_BATCH, emailIndex);
    rows.push(...batch.filter(matchesSearch));
    if (rows.length > NAME_SORT_LIMIT) {
      throw refuse(
        `Sorting by name works for lists of up to ${NAME_SORT_LIMIT.toLocaleString('en-US')} customers; narrow this one with a search or a filter.`,
      );
    }
    const last = batch[batch.length - 1];
    if (batch.length < SCAN_BATCH || !last) break;
    position = { value: last.sortValue, id: last.id };
  }
  rows.sort((a, b) => byName.compare(a.name ?? a.externalId, b.name ?? b.externalId) || (a.id < b.id ? -1 : 1));
  const offset = cursor ? Number(cursor.value) : 0;
  if (!Number.isInteger(offset) || offset < 0) throw notACursor();
  return rows.slice(offset, offset + query.limit + 1).map((row, index) => ({ ...row, sortValue: String(offset + index + 1) }));
}

/** What a role without PII access is told when it searches by a detail it cannot see. */
export const ID_ONLY_SEARCH_MESSAGE = 'Your role searches by customer id only: names and email addresses are hidden from viewers.';

/**
 * Roles without PII access search by customer id only (SPEC §3 hides who is a customer from them).
 * An exact email would be answered through the blind index, confirming the address is a
 * customer's, so it is refused rather than answered; so is a name of several words (customer
 * ids carry no spaces), so the viewer learns why nothing was found instead of reading "no match".
 */
function assertSearchAllowed(search: string | undefined, canSeePii: boolean) {
  if (!search || canSeePii) return;
  if (looksLikeEmail(search) || /\s/.test(search)) throw new DomainError('invalid', ID_ONLY_SEARCH_MESSAGE, { field: 'query.search' });
}

export async function listTierCustomers(tx: Queryable, agencyId: string, query: TierCustomerQuery) {
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  const search = query.search?.trim();
  assertSearchAllowed(search, query.canSeePii);
  let rows: OpenedRow[];
  let resumeAt: Cursor | null = null;
  if (query.sort === 'name') {
    rows = await sortedByName(tx, agencyId, query, search, cursor);
  } else if (search && !looksLikeEmail(search)) {
    ({ rows, resumeAt } = await searchByNameOrId(tx, agencyId, query, search, cursor));
  } else {
    rows = await fetchBatch(tx, agencyId, query, cursor, query.limit + 1, search ? emailBlindIndex(search) : null);
  }
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const next = rows.length > query.limit && last ? { value: last.sortValue, id: last.id } : resumeAt;
  return {
    customers: page.map(({ sortValue: _sortValue, ...row }) => maskPerson(row, query.canSeePii)),
    nextCursor: next ? encodeKeyset(next) : null,
  };
}

/** The order a view is shown in when the caller names none: a tier by premium, a working list its own way. */
export const defaultSortOf = (list: CustomerList | undefined): ListSort => (list ? CUSTOMER_LISTS[list].defaultSort : 'premium');

/** The filters of a drill-down view as the API takes them: the list route and the export share them. */
export const TierListFiltersSchema = z.object({
  tier: z.enum(TIERS).optional().meta({ description: 'Only the customers of this tier.' }),
  list: z
    .enum(Object.keys(CUSTOMER_LISTS) as [CustomerList, ...CustomerList[]])
    .optional()
    .meta({ description: 'A working list, with its own filter and order (renewal watch: soonest renewal first).' }),
  // Messages a person can act on: the list page shows them as they are.
  sort: z
    .enum(LIST_SORTS as [ListSort, ...ListSort[]], { error: `Sort by one of: ${LIST_SORTS.join(', ')}.` })
    .optional()
    .meta({ description: 'The order; premium, largest first, unless the list has its own.' }),
  search: z
    .string()
    .trim()
    .max(320, 'Search for at most 320 characters.')
    .optional()
    .meta({ description: 'A customer id prefix; for roles that see customer details, also an exact email or words of the name.' }),
  crossSell: z
    .enum(['true', 'false'], { error: 'Cross-sell only is true or false.' })
    .optional()
    .meta({ description: '`true`: only cross-sell opportunities.' }),
  renewalWithinDays: z.coerce
    .number({ error: 'Must be a number.' })
    .int('Must be a whole number.')
    .min(0)
    .max(366)
    .optional()
    .meta({ description: 'Only customers with a policy renewing within this many days.' }),
});

/** The parsed filters as a query for listTierCustomers (without page, cursor and PII access). */
export function tierListFilters(filters: z.output<typeof TierListFiltersSchema>) {
  return {
    tier: filters.tier,
    sort: filters.sort ?? defaultSortOf(filters.list),
    search: filters.search || undefined,
    crossSellOnly: filters.crossSell === 'true',
    renewalWithinDays: filters.renewalWithinDays,
    ...(filters.list ? CUSTOMER_LISTS[filters.list].filters : {}),
  };
}
