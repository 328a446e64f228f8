import { validationFailed } from '@/lib/api/problem';
import type { Queryable } from '@/lib/db';
import { looksLikeEmail } from '@/lib/import/values';
import { emailBlindIndex } from '@/lib/pii/cipher';
import type { Tier } from '@/lib/segmentation/tiers';
import { SEALED_COLUMNS, withPii, type Sealed } from './customers';
import { maskPerson, type PersonFields } from './pii-mask';

/**
 * A tier's customers for the drill-down (SPEC §3, §5): keyset pagination over a sort key and the
 * customer id, so pages stay stable while rows are added; filters for cross-sell opportunities
 * and upcoming renewals; search by customer id prefix or exact email (through the blind index,
 * the email itself is sealed). PII opened, then masked for roles without PII access.
 */
export const TIER_SORTS = {
  premium: { expression: 'i.annual_premium', type: 'numeric', direction: 'desc' },
  lines: { expression: 'i.distinct_lines', type: 'integer', direction: 'desc' },
  tenure: { expression: 'coalesce(i.tenure_years, -1)', type: 'numeric', direction: 'desc' },
  // Soonest first; customers without a renewal date last.
  renewal: { expression: "coalesce(i.next_renewal_date, 'infinity'::date)", type: 'date', direction: 'asc' },
} as const;
export type TierSort = keyof typeof TIER_SORTS;

export interface TierCustomerQuery {
  tier?: Tier;
  sort: TierSort;
  limit: number;
  cursor?: string;
  /** A customer id prefix, or an exact email address. */
  search?: string;
  crossSellOnly?: boolean;
  /** Only customers with an active policy expiring within this many days of the as-of date. */
  renewalWithinDays?: number;
  /** Elite and Premium only (the renewal watch and the cross-sell list span both). */
  valuedOnly?: boolean;
  canSeePii: boolean;
}

export interface TierCustomer extends PersonFields {
  id: string;
  externalId: string;
  kind: 'individual' | 'organization';
  tier: Tier;
  annualPremium: string;
  distinctLines: number;
  tenureYears: string | null;
  nextRenewalDate: string | null;
}

interface Cursor {
  value: string;
  id: string;
}

const encodeCursor = (cursor: Cursor) => Buffer.from(JSON.stringify([cursor.value, cursor.id]), 'utf8').toString('base64url');

function decodeCursor(cursor: string): Cursor {
  try {
    const [value, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof value === 'string' && value.length <= 40 && typeof id === 'string' && /^[0-9a-f-]{36}$/.test(id)) return { value, id };
  } catch {
    // falls through to the same answer as any other foreign string
  }
  throw validationFailed([{ field: 'query.cursor', message: 'Not a cursor returned by this API.' }]);
}

export async function listTierCustomers(tx: Queryable, agencyId: string, query: TierCustomerQuery) {
  const sort = TIER_SORTS[query.sort];
  const params: unknown[] = [agencyId, query.limit + 1];
  const where: string[] = ['i.agency_id = $1', 'i.tier is not null'];
  const bind = (value: unknown) => `$${params.push(value)}`;
  if (query.tier) where.push(`i.tier = ${bind(query.tier)}::public.customer_tier`);
  if (query.crossSellOnly || query.valuedOnly) where.push(`i.tier in ('elite', 'premium')`);
  if (query.crossSellOnly) where.push('i.distinct_lines = 1');
  if (query.renewalWithinDays !== undefined) {
    where.push(`i.next_renewal_date is not null and i.next_renewal_date <= i.as_of + ${bind(query.renewalWithinDays)}::int`);
  }
  const search = query.search?.trim();
  if (search) {
    if (looksLikeEmail(search)) where.push(`c.id in (select private.customer_ids_by_email_index($1, ${bind(emailBlindIndex(search))}))`);
    else where.push(`starts_with(c.external_id, ${bind(search)})`);
  }
  if (query.cursor) {
    const cursor = decodeCursor(query.cursor);
    // Row comparison: everything after the cursor in (sort key, id) order, in the sort's direction.
    const op = sort.direction === 'desc' ? '<' : '>';
    where.push(`(${sort.expression}, i.customer_id) ${op} (${bind(cursor.value)}::${sort.type}, ${bind(cursor.id)}::uuid)`);
  }
  const rows = await tx.query<Omit<TierCustomer, keyof PersonFields> & Sealed & { sortValue: string }>(
    `with page as (
       select i.customer_id, i.tier, i.annual_premium, i.distinct_lines, i.tenure_years, i.next_renewal_date,
              (${sort.expression})::text as sort_value
       from public.customer_insights i
       join public.customers c on c.id = i.customer_id and c.agency_id = i.agency_id
       where ${where.join(' and ')}
       order by ${sort.expression} ${sort.direction}, i.customer_id ${sort.direction}
       limit $2
     )
     select p.customer_id as id, c.external_id as "externalId", c.kind, p.tier, p.annual_premium as "annualPremium",
            p.distinct_lines as "distinctLines", p.tenure_years as "tenureYears", p.next_renewal_date as "nextRenewalDate",
            p.sort_value as "sortValue", ${SEALED_COLUMNS}
     from page p
     join public.customers c on c.id = p.customer_id
     left join private.customer_pii((select array_agg(customer_id) from page)) pii on pii.id = p.customer_id
     order by ${sort.expression.replace(/\bi\./g, 'p.')} ${sort.direction}, p.customer_id ${sort.direction}`,
    params as never,
  );
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    customers: page.map(({ sortValue: _sortValue, ...row }) => maskPerson(withPii(row, 'customer'), query.canSeePii)),
    nextCursor: rows.length > query.limit && last ? encodeCursor({ value: last.sortValue, id: last.id }) : null,
  };
}

/** The two working lists of SPEC §5, as drill-down filters. */
export const CUSTOMER_LISTS = {
  'cross-sell': {
    label: 'Cross-sell opportunities',
    description: 'Elite and Premium customers with a single line of business.',
    filters: { crossSellOnly: true },
  },
  'renewal-watch': {
    label: 'Renewal watch',
    description: 'Elite and Premium customers with a policy expiring within 60 days.',
    filters: { valuedOnly: true, renewalWithinDays: 60 },
  },
} as const satisfies Record<string, { label: string; description: string; filters: Partial<TierCustomerQuery> }>;
export type CustomerList = keyof typeof CUSTOMER_LISTS;
