import { z } from 'zod';
import type { Queryable } from '@/lib/db';
import type { Columns } from '@/lib/db/rows';
import { MAX_HISTORY_MONTHS } from './backfill';
import { centsFromStoredDecimal, decimalFromCents } from './money';
import { TIERS, type Tier } from './tiers';

/**
 * Trends (SPEC §11): month by month, each tier's customers and premium, read from the snapshots'
 * totals (a few rows a day, whatever the book's size). A month's figures are those of its latest
 * snapshot day: its month-end for a finished month, the latest snapshot for the month in
 * progress. The window ends with the month of the latest snapshot.
 */
export const DEFAULT_TREND_MONTHS = 12;

/** How many months a trend covers: 1 to 36, the history the backfill keeps. */
export const TrendMonths = z.coerce
  .number({ error: 'Must be a number of months.' })
  .int('Must be a whole number of months.')
  .min(1, `Must be from 1 to ${MAX_HISTORY_MONTHS} months.`)
  .max(MAX_HISTORY_MONTHS, `Must be from 1 to ${MAX_HISTORY_MONTHS} months: the history reaches ${MAX_HISTORY_MONTHS} months back.`)
  .meta({ description: 'How many months the trend covers, ending with the month of the latest snapshot.' });

export interface TierFigures {
  customers: number;
  /** Exact dollars ('1234.50'). */
  annualPremium: string;
}

export interface TrendPoint extends TierFigures {
  /** 'YYYY-MM'. */
  month: string;
  /** The snapshot day whose figures these are. */
  asOf: string;
  tiers: Record<Tier, TierFigures>;
}

/** The months of the window that have a snapshot, oldest first (a month without one is left out). */
export async function monthlyTrend(tx: Queryable, agencyId: string, months: number): Promise<TrendPoint[]> {
  type Row = { as_of: string } & { [K in keyof TotalsRow]: TotalsRow[K] | null };
  type TotalsRow = Columns<'insight_snapshot_totals', 'tier' | 'customers' | 'annual_premium'>;
  // Days without kept figures (refreshes recorded before snapshots kept totals) would read as empty months.
  const rows = await tx.query<Row>(
    `with days as (
       select as_of from public.insight_refresh_days where agency_id = $1 and inactive_customers is not null
     ),
     month_ends as (
       select distinct on (to_char(as_of, 'YYYY-MM')) as_of from days
       where as_of >= (date_trunc('month', (select max(as_of) from days)::timestamp) - make_interval(months => $2 - 1))::date
       order by to_char(as_of, 'YYYY-MM'), as_of desc
     )
     select m.as_of::text as as_of, t.tier, t.customers, t.annual_premium::text as annual_premium
     from month_ends m
     left join public.insight_snapshot_totals t on t.agency_id = $1 and t.as_of = m.as_of
     order by m.as_of`,
    [agencyId, months],
  );
  const points = new Map<string, { asOf: string; tiers: Map<Tier, { customers: number; cents: bigint }> }>();
  for (const row of rows) {
    const point = points.get(row.as_of) ?? { asOf: row.as_of, tiers: new Map() };
    points.set(row.as_of, point);
    if (row.tier !== null) point.tiers.set(row.tier, { customers: row.customers ?? 0, cents: centsFromStoredDecimal(row.annual_premium!) });
  }
  return [...points.values()].map(({ asOf, tiers }) => {
    const figures = TIERS.map((tier) => tiers.get(tier) ?? { customers: 0, cents: BigInt(0) });
    return {
      month: asOf.slice(0, 7),
      asOf,
      customers: figures.reduce((sum, tier) => sum + tier.customers, 0),
      annualPremium: decimalFromCents(figures.reduce((sum, tier) => sum + tier.cents, BigInt(0))),
      tiers: Object.fromEntries(
        TIERS.map((tier, index) => [
          tier,
          { customers: figures[index]!.customers, annualPremium: decimalFromCents(figures[index]!.cents) },
        ]),
      ) as Record<Tier, TierFigures>,
    };
  });
}
