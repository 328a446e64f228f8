import type { Queryable } from '@/lib/db';
import type { Columns } from '@/lib/db/rows';
import type { Tier } from '@/lib/segmentation/tiers';

/**
 * Tier movement (SPEC §9): how customers moved between two snapshot days. A day's snapshot is
 * each customer's latest tier-history row on or before it (the refresh writes a row whenever a
 * customer's tier or premium changes). "new": no snapshot of the customer yet; "inactive": no
 * policy in force.
 */
export type TierState = Tier | 'inactive' | 'new';

export interface MovementPath {
  from: TierState;
  to: TierState;
  customers: number;
  premiumFrom: string;
  premiumTo: string;
}

/**
 * The paths between two snapshot days, `from` on or before `to`. As for the movers
 * (src/lib/customers/movers.ts), only customers with a tier-history row in (from, to] can have
 * moved: those candidates are read, their latest row in the period is their state on `to`, one
 * lookup each finds their state on `from`. Everyone else stayed where `from`'s snapshot had them,
 * and `from`'s totals (insight_snapshot_totals, its inactive count) less the candidates' states
 * on `from` are exactly them, so nobody else is read: the cost follows the period's changes, not
 * the book. A `from` recorded before snapshots kept their totals has none to start from: then
 * every customer with a row on or before `to` is a candidate (the whole book read, as before).
 */
export async function tierMovement(tx: Queryable, agencyId: string, from: string, to: string): Promise<MovementPath[]> {
  const [day] = await tx.query<Columns<'insight_refresh_days', 'inactive_customers'>>(
    'select inactive_customers from public.insight_refresh_days where agency_id = $1 and as_of = $2',
    [agencyId, from],
  );
  const hasTotals = day?.inactive_customers != null;
  return tx.query<MovementPath>(
    `with candidates as (
       select distinct on (h.customer_id) h.customer_id, h.tier, h.annual_premium
       from public.customer_tier_history h
       where h.agency_id = $1 and h.valid_from > $5::date and h.valid_from <= $3::date
       order by h.customer_id, h.valid_from desc
     ),
     moved as (
       select coalesce(f.tier::text, case when f.found is null then 'new' else 'inactive' end) as "from",
              coalesce(c.tier::text, 'inactive') as "to",
              coalesce(f.annual_premium, 0) as premium_from, c.annual_premium as premium_to
       from candidates c
       left join lateral (
         select o.tier, o.annual_premium, true as found from public.customer_tier_history o
         where o.agency_id = $1 and o.customer_id = c.customer_id and o.valid_from <= $2::date
         order by o.valid_from desc limit 1
       ) f on true
     ),
     -- Who stayed: each state's customers and premium on from, less the candidates then.
     stayed as (
       select s.state, sum(s.customers) as customers, sum(s.premium) as premium
       from (
         select t.tier::text as state, t.customers, t.annual_premium as premium
         from public.insight_snapshot_totals t where $4::boolean and t.agency_id = $1 and t.as_of = $2::date
         union all
         -- An inactive customer's history row holds no premium.
         select 'inactive', d.inactive_customers, 0.00
         from public.insight_refresh_days d where $4::boolean and d.agency_id = $1 and d.as_of = $2::date
         union all
         select m."from", -1, -m.premium_from from moved m where $4::boolean and m."from" <> 'new'
       ) s
       group by s.state
       having sum(s.customers) > 0
     ),
     paths as (
       select m."from", m."to", 1 as customers, m.premium_from, m.premium_to from moved m
       union all
       select s.state, s.state, s.customers, s.premium, s.premium from stayed s
     )
     select "from", "to", sum(customers)::int as customers, sum(premium_from)::text as "premiumFrom", sum(premium_to)::text as "premiumTo"
     from paths group by 1, 2 order by 1, 2`,
    // Candidates: rows after from, or (without totals to start from) every row up to to.
    [agencyId, from, to, hasTotals, hasTotals ? from : '-infinity'],
  );
}
