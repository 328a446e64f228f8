import { LRUCache } from 'lru-cache';
import type { Queryable, SqlParam } from '@/lib/db';
import type { Aliased, Columns } from '@/lib/db/rows';
import type { TierState } from '@/lib/segmentation/movement';
import { centsFromDecimal, decimalFromCents } from '@/lib/segmentation/money';
import { VALUED_TIERS } from '@/lib/segmentation/policy';
import { TIERS } from '@/lib/segmentation/tiers';
import { SEALED_COLUMNS, withPii, type Sealed } from './customers';
import { decodeKeyset, encodeKeyset, notACursor, type KeysetPosition } from './paging';
import { maskPerson, type PersonFields } from './pii-mask';

/**
 * Movers (SPEC §11): the customers whose tier moved between two snapshot days. Down: Elite or
 * Premium (the valued tiers) on `from`, a lower tier or no policy in force on `to` (at risk).
 * Up: in a tier on `from` and a higher one on `to` (customers new since `from`, or without a
 * policy in force then, are not rising: they had no tier to rise from).
 *
 * Only customers with a tier-history row in (from, to] can have moved, so those are the
 * candidates (index (agency_id, valid_from)); the latest such row is the state on `to`, and one
 * lookup per candidate (index (agency_id, customer_id, valid_from)) finds the state on `from`.
 * Nobody else is read. A period's movers never change once both days are snapshots, until the
 * history itself is written again, so each list is computed once per history version and kept
 * (in this process) for its pages, its other orders and its export; names are opened, and masked
 * by role as in the drill-down, for the page shown only.
 */
export const MOVER_DIRECTIONS = ['down', 'up'] as const;
export type MoverDirection = (typeof MOVER_DIRECTIONS)[number];

/** A state a mover is in on a snapshot day: a tier, or no policy in force. */
export type MoverState = Exclude<TierState, 'new'>;

type CustomerColumns = Aliased<'customers', { id: 'id'; externalId: 'external_id' }>;

/** A mover's figures: who, the state on each day, the annual premium in force on each (numeric as text, to the cent) and the change. */
export interface MoverFigures extends CustomerColumns {
  from: MoverState;
  to: MoverState;
  premiumFrom: string;
  premiumTo: string;
  premiumMoved: string;
}
export interface Mover extends MoverFigures, PersonFields {}

export interface MoverPage {
  movers: Mover[];
  nextCursor: string | null;
  /** Every mover of the period in this direction, not only this page's. */
  total: { customers: number; premiumMoved: string };
}

/**
 * A mover as kept between requests: amounts as integer cents, the text of each formed for the
 * rows shown only. Small on purpose (about 170 bytes with its strings), as a year's list at a
 * million customers holds a few hundred thousand of them.
 */
interface Figured extends CustomerColumns {
  from: MoverState;
  to: MoverState;
  centsFrom: number;
  centsTo: number;
}
const movedCents = (row: Figured) => row.centsTo - row.centsFrom;
const amount = (cents: number) => decimalFromCents(BigInt(cents));

const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

// Money moved is `to - from`: the largest loss first going down, the largest gain first going up.
const SORTS = {
  moved: { key: movedCents, value: (row: Figured) => amount(movedCents(row)), up: -1, down: 1 },
  premiumFrom: { key: (row: Figured) => row.centsFrom, value: (row: Figured) => amount(row.centsFrom), up: -1, down: -1 },
  premiumTo: { key: (row: Figured) => row.centsTo, value: (row: Figured) => amount(row.centsTo), up: -1, down: -1 },
  customer: { key: (row: Figured) => row.externalId, value: (row: Figured) => row.externalId, up: 1, down: 1 },
} as const;
export type MoverSort = keyof typeof SORTS;
export const MOVER_SORTS = Object.keys(SORTS) as [MoverSort, ...MoverSort[]];

interface Position {
  key: number | string;
  id: string;
}

/** The order of a sort in a direction: its key, then the customer's id, both in the sort's direction. */
function comparator(sort: MoverSort, direction: MoverDirection) {
  const sign = SORTS[sort][direction];
  return (a: Position, b: Position) => sign * ((a.key < b.key ? -1 : a.key > b.key ? 1 : 0) || compareIds(a.id, b.id));
}
const positionOf = (row: Figured, sort: MoverSort): Position => ({ key: SORTS[sort].key(row), id: row.id });

// A tier's rank in the tier order ($4), best first (1); no policy in force ranks below every tier.
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

async function computeMovers(tx: Queryable, agencyId: string, from: string, to: string, direction: MoverDirection): Promise<Figured[]> {
  const params: SqlParam[] = [agencyId, from, to, TIERS];
  const moved = DIRECTIONS[direction]((value) => `$${params.push(value)}`);
  const rows = await tx.query<Omit<MoverFigures, 'premiumMoved'>>(
    `with latest as (
       select distinct on (h.customer_id) h.customer_id, h.tier, h.annual_premium
       from public.customer_tier_history h
       where h.agency_id = $1 and h.valid_from > $2::date and h.valid_from <= $3::date
       order by h.customer_id, h.valid_from desc
     ),
     moved as materialized (
       select l.customer_id, f.tier as tier_from, l.tier as tier_to, f.annual_premium as premium_from, l.annual_premium as premium_to
       from latest l
       cross join lateral (
         select o.tier, o.annual_premium from public.customer_tier_history o
         where o.agency_id = $1 and o.customer_id = l.customer_id and o.valid_from <= $2::date
         order by o.valid_from desc limit 1
       ) f
       where ${moved.onTo} and ${moved.moved}
     )
     select m.customer_id as id, c.external_id as "externalId",
            coalesce(m.tier_from::text, 'inactive') as "from", coalesce(m.tier_to::text, 'inactive') as "to",
            m.premium_from::text as "premiumFrom", m.premium_to::text as "premiumTo"
     from moved m
     -- Only the movers' customers are read, by id (an array the planner looks up in the primary key), never the whole book.
     join public.customers c on c.id = any (array(select customer_id from moved)) and c.id = m.customer_id`,
    params,
  );
  return rows.map((row) => ({
    id: row.id,
    externalId: row.externalId,
    from: row.from,
    to: row.to,
    centsFrom: centsFromDecimal(row.premiumFrom),
    centsTo: centsFromDecimal(row.premiumTo),
  }));
}

interface Computed {
  rows: Figured[];
  total: MoverPage['total'];
  /** The rows in each order asked for so far. */
  orders: Map<MoverSort, Figured[]>;
}

// Lists of up to a few hundred thousand rows (a million customers over a year), 400,000 rows in
// all: about 70 MB at most (measured about 170 bytes a row, and 8 more for each order kept).
const computed = new LRUCache<string, Computed>({ maxSize: 400_000, sizeCalculation: (value) => Math.max(1, value.rows.length) });

/** The history's version: every refresh and backfill writes a snapshot day (its refreshed_at), so any write of the history changes it. */
async function historyVersion(tx: Queryable, agencyId: string): Promise<string> {
  const [row] = await tx.query<Columns<'insight_refresh_days', 'refreshed_at'> & { days: number }>(
    'select max(refreshed_at)::text as refreshed_at, count(*)::int as days from public.insight_refresh_days where agency_id = $1',
    [agencyId],
  );
  return `${row?.refreshed_at ?? ''}/${row?.days ?? 0}`;
}

async function moversOf(tx: Queryable, agencyId: string, from: string, to: string, direction: MoverDirection): Promise<Computed> {
  const key = JSON.stringify([agencyId, from, to, direction, await historyVersion(tx, agencyId)]);
  const known = computed.get(key);
  if (known) return known;
  const rows = await computeMovers(tx, agencyId, from, to, direction);
  const moved = rows.reduce((sum, row) => sum + BigInt(movedCents(row)), 0n);
  const value: Computed = { rows, total: { customers: rows.length, premiumMoved: decimalFromCents(moved) }, orders: new Map() };
  computed.set(key, value);
  return value;
}

/**
 * Computes a period's movers in both directions, sorted the default way, so that the first
 * request for them reads the kept list (the refresh calls this for the default period).
 */
export async function prepareMovers(tx: Queryable, agencyId: string, from: string, to: string, sort: MoverSort): Promise<void> {
  for (const direction of MOVER_DIRECTIONS) inOrder(await moversOf(tx, agencyId, from, to, direction), sort, direction);
}

function inOrder(list: Computed, sort: MoverSort, direction: MoverDirection): Figured[] {
  let rows = list.orders.get(sort);
  if (!rows) {
    const compare = comparator(sort, direction);
    rows = [...list.rows].sort((a, b) => compare(positionOf(a, sort), positionOf(b, sort)));
    list.orders.set(sort, rows);
  }
  return rows;
}

// The longest sort value a cursor carries: a customer id (at most 100 characters) or an amount.
const MAX_CURSOR_VALUE = 100;
const AMOUNT = /^-?\d{1,14}\.\d{2}$/;

/** Where a page starts: after the cursor's row in the list's order (the row itself may have left the list). */
function startAfter(rows: Figured[], cursor: KeysetPosition, sort: MoverSort, direction: MoverDirection): number {
  const numeric = sort !== 'customer';
  // A cursor of another sort would compare an amount with a customer id.
  if (numeric && !AMOUNT.test(cursor.value)) throw notACursor();
  const compare = comparator(sort, direction);
  const position = { key: numeric ? centsFromDecimal(cursor.value) : cursor.value, id: cursor.id };
  let low = 0;
  let high = rows.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (compare(positionOf(rows[middle]!, sort), position) <= 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

export interface MoverQuery {
  from: string;
  to: string;
  direction: MoverDirection;
  sort: MoverSort;
  limit: number;
  cursor?: string;
  canSeePii: boolean;
}

export async function listMovers(tx: Queryable, agencyId: string, query: MoverQuery): Promise<MoverPage> {
  const cursor = query.cursor ? decodeKeyset(query.cursor, MAX_CURSOR_VALUE) : null;
  const list = await moversOf(tx, agencyId, query.from, query.to, query.direction);
  const rows = inOrder(list, query.sort, query.direction);
  const start = cursor ? startAfter(rows, cursor, query.sort, query.direction) : 0;
  const page = rows.slice(start, start + query.limit);
  const sealed = await tx.query<{ id: string } & Sealed>(
    `select c.id, ${SEALED_COLUMNS} from public.customers c
     left join private.customer_pii($2::uuid[]) pii on pii.id = c.id
     where c.agency_id = $1 and c.id = any ($2::uuid[])`,
    [agencyId, page.map((row) => row.id)],
  );
  const people = new Map(sealed.map((row) => [row.id, withPii(row, 'customer')]));
  const last = page.at(-1);
  return {
    // A customer deleted since the list was computed is left out.
    movers: page.flatMap((row) => {
      const person = people.get(row.id);
      const figures: MoverFigures = {
        id: row.id,
        externalId: row.externalId,
        from: row.from,
        to: row.to,
        premiumFrom: amount(row.centsFrom),
        premiumTo: amount(row.centsTo),
        premiumMoved: amount(movedCents(row)),
      };
      return person ? [maskPerson({ ...figures, name: person.name, email: person.email, phone: person.phone }, query.canSeePii)] : [];
    }),
    nextCursor: last && start + query.limit < rows.length ? encodeKeyset({ value: SORTS[query.sort].value(last), id: last.id }) : null,
    total: list.total,
  };
}
