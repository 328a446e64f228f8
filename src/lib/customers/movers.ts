import type { Queryable, SqlParam } from '@/lib/db';
import type { Aliased } from '@/lib/db/rows';
import type { TierState } from '@/lib/segmentation/movement';
import { VALUED_TIERS } from '@/lib/segmentation/policy';
import { TIERS } from '@/lib/segmentation/tiers';
import { SEALED_COLUMNS, withPii, type Sealed } from './customers';
import { decodeKeyset, encodeKeyset, notACursor } from './paging';
import { maskPerson, type PersonFields } from './pii-mask';

/**
 * Movers (SPEC §11): the customers whose tier moved between two snapshot days. Down: Elite or
 * Premium (the valued tiers) on `from`, a lower tier or no policy in force on `to` (at risk).
 * Up: in a tier on `from` and a higher one on `to` (customers new since `from` are not rising).
 *
 * Only customers with a tier-history row in (from, to] can have moved, so those are the
 * candidates (index (agency_id, valid_from)); the latest such row is the state on `to`, and one
 * lookup per candidate (index (agency_id, customer_id, valid_from)) finds the state on `from`.
 * Nobody else is read, whatever the size of the book. Pages by keyset like the drill-down; PII
 * opened and masked by role as there.
 */
export const MOVER_DIRECTIONS = ['down', 'up'] as const;
export type MoverDirection = (typeof MOVER_DIRECTIONS)[number];

/** A state a mover is in on a snapshot day: a tier, or no policy in force. */
export type MoverState = Exclude<TierState, 'new'>;

// Money moved is `premium_to - premium_from`: the largest loss first going down, the largest gain first going up.
const SORTS = {
  moved: { expression: 'm.premium_to - m.premium_from', type: 'numeric', direction: { down: 'asc', up: 'desc' } },
  premiumFrom: { expression: 'm.premium_from', type: 'numeric', direction: { down: 'desc', up: 'desc' } },
  premiumTo: { expression: 'm.premium_to', type: 'numeric', direction: { down: 'desc', up: 'desc' } },
  customer: { expression: 'm.external_id', type: 'text', direction: { down: 'asc', up: 'asc' } },
} as const;
export type MoverSort = keyof typeof SORTS;
export const MOVER_SORTS = Object.keys(SORTS) as [MoverSort, ...MoverSort[]];

// A tier's rank in the tier order ($4), best first (1); inactive ranks below every tier.
const rank = (column: string) => `coalesce(array_position($4::text[], ${column}::text), cardinality($4::text[]) + 1)`;
const BEST_VALUED_RANK = Math.min(...VALUED_TIERS.map((tier) => TIERS.indexOf(tier) + 1));

/**
 * Which candidates moved, as SQL over `l` (the state on `to`) and `f` (the state on `from`).
 * `onTo` reads `to` alone, so candidates that cannot have moved this way are dropped before
 * their `from` is looked up.
 */
const DIRECTIONS: Record<MoverDirection, (bind: (value: SqlParam) => string) => { onTo: string; moved: string }> = {
  down: (bind) => ({
    onTo: `${rank('l.tier')} > ${bind(BEST_VALUED_RANK)}::int`,
    moved: `f.tier::text = any (${bind(VALUED_TIERS)}::text[]) and ${rank('l.tier')} > ${rank('f.tier')}`,
  }),
  up: () => ({
    onTo: `l.tier is not null and ${rank('l.tier')} < cardinality($4::text[])`,
    moved: `f.tier is not null and ${rank('l.tier')} < ${rank('f.tier')}`,
  }),
};

export interface MoverQuery {
  from: string;
  to: string;
  direction: MoverDirection;
  sort: MoverSort;
  limit: number;
  cursor?: string;
  canSeePii: boolean;
}

type CustomerColumns = Aliased<'customers', { id: 'id'; externalId: 'external_id' }>;

export interface Mover extends CustomerColumns, PersonFields {
  from: MoverState;
  to: MoverState;
  /** Annual premium in force on each day, and the change (numeric as text, to the cent). */
  premiumFrom: string;
  premiumTo: string;
  premiumMoved: string;
}

export interface MoverPage {
  movers: Mover[];
  nextCursor: string | null;
  /** Every mover of the period in this direction, not only this page's. */
  total: { customers: number; premiumMoved: string };
}

type MoverRow = Omit<Mover, keyof PersonFields> & Sealed & { sortValue: string };

// The longest sort value a cursor carries: a customer id (at most 100 characters) or an amount.
const MAX_CURSOR_VALUE = 100;
const AMOUNT = /^-?\d{1,14}(\.\d{1,2})?$/;

function decodeCursor(cursor: string, sort: MoverSort) {
  const position = decodeKeyset(cursor, MAX_CURSOR_VALUE);
  // A cursor of another sort would reach SQL as a value of the wrong type.
  if (SORTS[sort].type === 'numeric' && !AMOUNT.test(position.value)) throw notACursor();
  return position;
}

export async function listMovers(tx: Queryable, agencyId: string, query: MoverQuery): Promise<MoverPage> {
  const sort = SORTS[query.sort];
  const direction = sort.direction[query.direction];
  const params: SqlParam[] = [agencyId, query.from, query.to, TIERS, query.limit + 1];
  const bind = (value: SqlParam) => `$${params.push(value)}`;
  const cursor = query.cursor ? decodeCursor(query.cursor, query.sort) : null;
  const moved = DIRECTIONS[query.direction](bind);
  // Row comparison: everything after the cursor in (sort key, id) order, in the sort's direction.
  const after = cursor
    ? `where (${sort.expression}, m.customer_id) ${direction === 'desc' ? '<' : '>'} (${bind(cursor.value)}::${sort.type}, ${bind(cursor.id)}::uuid)`
    : '';
  const order = `${sort.expression.replace(/\bm\./g, 'p.')} ${direction}, p.customer_id ${direction}`;
  const rows = await tx.query<Partial<MoverRow> & { totalCustomers: number; totalMoved: string }>(
    `with latest as (
       select distinct on (h.customer_id) h.customer_id, h.tier, h.annual_premium
       from public.customer_tier_history h
       where h.agency_id = $1 and h.valid_from > $2::date and h.valid_from <= $3::date
       order by h.customer_id, h.valid_from desc
     ),
     moved as (
       select l.customer_id, c.external_id, f.tier as tier_from, l.tier as tier_to,
              f.annual_premium as premium_from, l.annual_premium as premium_to
       from latest l
       join public.customers c on c.id = l.customer_id and c.agency_id = $1
       cross join lateral (
         select o.tier, o.annual_premium from public.customer_tier_history o
         where o.agency_id = $1 and o.customer_id = l.customer_id and o.valid_from <= $2::date
         order by o.valid_from desc limit 1
       ) f
       where ${moved.onTo} and ${moved.moved}
     ),
     totals as (
       select count(*)::int as customers, coalesce(sum(m.premium_to - m.premium_from), 0)::numeric(16, 2)::text as moved from moved m
     ),
     page as (
       select m.*, (${sort.expression})::text as sort_value from moved m ${after}
       order by ${sort.expression} ${direction}, m.customer_id ${direction}
       limit $5
     )
     select p.customer_id as id, p.external_id as "externalId",
            coalesce(p.tier_from::text, 'inactive') as "from", coalesce(p.tier_to::text, 'inactive') as "to",
            p.premium_from::text as "premiumFrom", p.premium_to::text as "premiumTo",
            (p.premium_to - p.premium_from)::text as "premiumMoved", p.sort_value as "sortValue",
            t.customers as "totalCustomers", t.moved as "totalMoved", ${SEALED_COLUMNS}
     from totals t
     left join page p on true
     left join private.customer_pii((select array_agg(customer_id) from page)) pii on pii.id = p.customer_id
     order by ${order}`,
    params,
  );
  const total = { customers: rows[0]?.totalCustomers ?? 0, premiumMoved: rows[0]?.totalMoved ?? '0.00' };
  // Without movers after the cursor the one row holds only the totals.
  const found = rows.filter((row): row is MoverRow & typeof row => row.id != null);
  const page = found.slice(0, query.limit);
  const last = page.at(-1);
  return {
    movers: page.map(({ sortValue: _sortValue, totalCustomers: _customers, totalMoved: _moved, ...row }) =>
      maskPerson(withPii(row, 'customer'), query.canSeePii),
    ),
    nextCursor: found.length > query.limit && last ? encodeKeyset({ value: last.sortValue, id: last.id }) : null,
    total,
  };
}
