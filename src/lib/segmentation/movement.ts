import type { Queryable } from '@/lib/db';
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

export async function tierMovement(tx: Queryable, agencyId: string, from: string, to: string): Promise<MovementPath[]> {
  return tx.query<MovementPath>(
    `with states as (
       select coalesce(f.tier::text, case when f.valid_from is null then 'new' else 'inactive' end) as "from",
              coalesce(t.tier::text, case when t.valid_from is null then 'new' else 'inactive' end) as "to",
              coalesce(f.annual_premium, 0) as premium_from, coalesce(t.annual_premium, 0) as premium_to
       from public.customers c
       left join lateral (
         select h.tier, h.annual_premium, h.valid_from from public.customer_tier_history h
         where h.customer_id = c.id and h.valid_from <= $2 order by h.valid_from desc limit 1
       ) f on true
       left join lateral (
         select h.tier, h.annual_premium, h.valid_from from public.customer_tier_history h
         where h.customer_id = c.id and h.valid_from <= $3 order by h.valid_from desc limit 1
       ) t on true
       where c.agency_id = $1 and t.valid_from is not null
     )
     select "from", "to", count(*)::int as customers, sum(premium_from)::text as "premiumFrom", sum(premium_to)::text as "premiumTo"
     from states group by 1, 2 order by 1, 2`,
    [agencyId, from, to],
  );
}
