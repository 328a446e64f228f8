import type { Queryable } from '@/lib/db';
import type { Columns } from '@/lib/db/rows';
import { MAX_HISTORY_MONTHS } from './backfill';
import { centsFromStoredDecimal, decimalFromCents } from './money';
import { isNamedPeriod, listSnapshotDays, PERIOD_LABELS, periodStart, resolveSnapshotDay, type SnapshotDaySpec } from './snapshot-days';
import { buildPortfolio, type BookAggregate, type TierAggregate } from './summarize';
import { TIERS, type Tier } from './tiers';

/**
 * Comparison with an earlier snapshot (SPEC §11): every figure of the summary beside its value on
 * an earlier snapshot day, and the change. Both sides are per-tier sums (the current aggregates
 * and the day's insight_snapshot_totals, a few rows each), so the cost does not grow with the
 * book; money is compared in integer cents and written as exact decimal strings.
 */

/** A count then, and how much it changed since (changeRatio: change ÷ then, null when then was 0). */
export interface CountChange {
  then: number;
  change: number;
  changeRatio: number | null;
}

/** Dollars then and the change, as exact decimal strings ('-1234.50'). */
export interface MoneyChange {
  then: string;
  change: string;
  changeRatio: number | null;
}

/** A share (0–1) or an average then, and its change (a share's in share: 0.0123 = 1.23 points). */
export interface RatioChange {
  then: number;
  change: number;
}

export interface TierComparison {
  tier: Tier;
  customers: CountChange;
  annualPremium: MoneyChange;
  shareOfCustomers: RatioChange;
  shareOfPremium: RatioChange;
  avgPremium: MoneyChange;
}

export interface TotalsComparison {
  customers: CountChange;
  inactiveCustomers: CountChange;
  policies: CountChange;
  annualPremium: MoneyChange;
  avgPremium: MoneyChange;
  avgLinesPerCustomer: RatioChange;
  crossSellOpportunities: CountChange;
  /** Null against a backfilled day: a renewal window looks forward from its day, which history cannot. */
  renewalWatch: CountChange | null;
}

export interface Comparison {
  /** What was asked: a named period or a date. */
  compareTo: SnapshotDaySpec;
  /** The snapshot day compared with. */
  asOf: string;
  /** How that day's figures were made: by the day's refresh, or backfilled from policy dates. */
  source: 'refresh' | 'backfill';
  totals: TotalsComparison;
  segments: TierComparison[];
}

/** Why there is nothing to compare with, and what to do about it. Never an error: an empty state. */
export interface ComparisonUnavailable {
  reason: 'demo-data' | 'no-history' | 'before-history';
  message: string;
}

/** A book's per-tier sums on one day, and whether its renewal watch was counted that day. */
export interface SnapshotAggregate extends BookAggregate {
  renewalWatchKnown: boolean;
}

type TotalsRow = Columns<
  'insight_snapshot_totals',
  'tier' | 'customers' | 'annual_premium' | 'line_sum' | 'active_policies' | 'cross_sell' | 'renewal_watch'
>;

/** One tier's stored sums (current or a snapshot's: the same columns) as the summary counts them. */
export function tierAggregate(row: TotalsRow): TierAggregate {
  return {
    tier: row.tier,
    customers: row.customers,
    premiumCents: centsFromStoredDecimal(row.annual_premium),
    lineSum: Number(row.line_sum),
    activePolicies: Number(row.active_policies),
    crossSell: row.cross_sell,
    renewalWatch: row.renewal_watch ?? 0,
  };
}

/** A snapshot day's per-tier sums, or null when the day kept no figures. */
export async function loadSnapshot(
  tx: Queryable,
  agencyId: string,
  day: string,
): Promise<(SnapshotAggregate & { source: 'refresh' | 'backfill' }) | null> {
  type Row = Columns<'insight_refresh_days', 'source' | 'inactive_customers'> & { [K in keyof TotalsRow]: TotalsRow[K] | null };
  const rows = await tx.query<Row>(
    `select d.source, d.inactive_customers, t.tier, t.customers, t.annual_premium::text as annual_premium, t.line_sum,
            t.active_policies, t.cross_sell, t.renewal_watch
     from public.insight_refresh_days d
     left join public.insight_snapshot_totals t on t.agency_id = d.agency_id and t.as_of = d.as_of
     where d.agency_id = $1 and d.as_of = $2`,
    [agencyId, day],
  );
  const [first] = rows;
  if (!first || first.inactive_customers === null) return null;
  const tiers = rows.filter((row): row is Row & TotalsRow => row.tier !== null).map(tierAggregate);
  return {
    source: first.source as 'refresh' | 'backfill',
    inactiveCustomers: first.inactive_customers,
    tiers,
    renewalWatchKnown: rows.every((row) => row.tier === null || row.renewal_watch !== null),
  };
}

const fourDecimals = (value: number) => Math.round(value * 10_000) / 10_000;
const changeRatio = (change: number, then: number) => (then === 0 ? null : fourDecimals(change / then));

function countChange(now: number, then: number): CountChange {
  return { then, change: now - then, changeRatio: changeRatio(now - then, then) };
}

function moneyChange(nowCents: bigint, thenCents: bigint): MoneyChange {
  const change = nowCents - thenCents;
  return {
    then: decimalFromCents(thenCents),
    change: decimalFromCents(change),
    changeRatio: changeRatio(Number(change), Number(thenCents)),
  };
}

/** An average premium in cents, rounded as the summary rounds it (half up), so "then" is what the summary showed then. */
const averageCents = ({ premiumCents, customers }: PremiumSum) =>
  customers === 0 ? BigInt(0) : BigInt(Math.round(Number(premiumCents) / customers));
const averageChange = (now: PremiumSum, then: PremiumSum) => moneyChange(averageCents(now), averageCents(then));

function ratioChange(now: number, then: number): RatioChange {
  return { then, change: fourDecimals(now - then) };
}

type PremiumSum = Pick<TierAggregate, 'customers' | 'premiumCents'>;

interface Sums extends PremiumSum {
  byTier: Map<Tier, TierAggregate>;
}

function sums(aggregate: BookAggregate): Sums {
  return {
    customers: aggregate.tiers.reduce((sum, row) => sum + row.customers, 0),
    premiumCents: aggregate.tiers.reduce((sum, row) => sum + row.premiumCents, BigInt(0)),
    byTier: new Map(aggregate.tiers.map((row) => [row.tier, row])),
  };
}

/** Every figure of the summary on `now` against `then`: the earlier value and the change. */
export function compareAggregates(now: SnapshotAggregate, then: SnapshotAggregate): Pick<Comparison, 'totals' | 'segments'> {
  const [nowPortfolio, thenPortfolio] = [buildPortfolio(now), buildPortfolio(then)];
  const [nowSums, thenSums] = [sums(now), sums(then)];
  const emptyTier: PremiumSum = { customers: 0, premiumCents: BigInt(0) };
  const segments = TIERS.map((tier, index): TierComparison => {
    const [nowTier, thenTier] = [nowSums.byTier.get(tier) ?? emptyTier, thenSums.byTier.get(tier) ?? emptyTier];
    const [nowSegment, thenSegment] = [nowPortfolio.segments[index]!, thenPortfolio.segments[index]!];
    return {
      tier,
      customers: countChange(nowTier.customers, thenTier.customers),
      annualPremium: moneyChange(nowTier.premiumCents, thenTier.premiumCents),
      shareOfCustomers: ratioChange(nowSegment.shareOfCustomers, thenSegment.shareOfCustomers),
      shareOfPremium: ratioChange(nowSegment.shareOfPremium, thenSegment.shareOfPremium),
      avgPremium: averageChange(nowTier, thenTier),
    };
  });
  const [nowTotals, thenTotals] = [nowPortfolio.totals, thenPortfolio.totals];
  return {
    totals: {
      customers: countChange(nowTotals.customers, thenTotals.customers),
      inactiveCustomers: countChange(nowTotals.inactiveCustomers, thenTotals.inactiveCustomers),
      policies: countChange(nowTotals.policies, thenTotals.policies),
      annualPremium: moneyChange(nowSums.premiumCents, thenSums.premiumCents),
      avgPremium: averageChange(nowSums, thenSums),
      avgLinesPerCustomer: ratioChange(nowTotals.avgLinesPerCustomer, thenTotals.avgLinesPerCustomer),
      crossSellOpportunities: countChange(nowTotals.crossSellOpportunities, thenTotals.crossSellOpportunities),
      renewalWatch: now.renewalWatchKnown && then.renewalWatchKnown ? countChange(nowTotals.renewalWatch, thenTotals.renewalWatch) : null,
    },
    segments,
  };
}

/** How an owner or admin gets history: the words every empty state of the time features ends with. */
export function backfillHint(agencySlug: string): string {
  return (
    `An owner or admin can compute month-end history from policy dates, up to ${MAX_HISTORY_MONTHS} months back: ` +
    `“Compute history” on the dashboard, or npm run insights:backfill -- --agency ${agencySlug}.`
  );
}

export const DEMO_HISTORY_MESSAGE =
  'These are demo figures, not your agency’s, so they have no history. Import your book: each refresh then keeps a snapshot, and month-end history can be computed from its policy dates.';

/**
 * The current figures against the snapshot `compareTo` names: the comparison, or why there is
 * none (a named period before the history is an empty state; a date that is no snapshot day is
 * the caller's mistake, an invalid-input error on query.compareTo).
 */
export async function compareWithSnapshot(
  tx: Queryable,
  agency: { agencyId: string; slug: string },
  now: SnapshotAggregate,
  compareTo: SnapshotDaySpec,
): Promise<{ comparison: Comparison } | { comparison: null; comparisonUnavailable: ComparisonUnavailable }> {
  const days = await listSnapshotDays(tx, agency.agencyId, { withFigures: true });
  const day = resolveSnapshotDay(days, compareTo, 'query.compareTo');
  const then = day === null ? null : await loadSnapshot(tx, agency.agencyId, day);
  if (day === null || then === null) {
    const [latest, first] = [days[0], days.at(-1)];
    const unavailable: ComparisonUnavailable =
      latest === undefined || first === undefined || !isNamedPeriod(compareTo)
        ? { reason: 'no-history', message: `There is no history to compare with yet. ${backfillHint(agency.slug)}` }
        : {
            reason: 'before-history',
            message: `${PERIOD_LABELS[compareTo]} (${periodStart(compareTo, latest)}) is before the history, which starts on ${first}. ${backfillHint(agency.slug)}`,
          };
    return { comparison: null, comparisonUnavailable: unavailable };
  }
  return { comparison: { compareTo, asOf: day, source: then.source, ...compareAggregates(now, then) } };
}
