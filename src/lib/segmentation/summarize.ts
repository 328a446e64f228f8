import { dollarsFromCents } from './money';
import { isCrossSell, isValuedTier, SEGMENTATION_POLICY, type SegmentationPolicy } from './policy';
import { TIER_INFO, TIERS, type Tier } from './tiers';

/**
 * From per-tier sums to the SPEC §7 summary. The SQL refresh stores the same sums per agency
 * (customer_segment_totals), so the dashboard, the API and a posted batch all go through
 * `buildPortfolio` and agree to the cent.
 */
export interface TierAggregate {
  tier: Tier;
  customers: number;
  premiumCents: bigint;
  /** Sum over customers of their distinct line count. */
  lineSum: number;
  activePolicies: number;
  /** Valued customers with the cross-sell line count (see policy.ts). */
  crossSell: number;
  /** Valued customers with an active policy expiring within the renewal window. */
  renewalWatch: number;
}

export interface BookAggregate {
  tiers: TierAggregate[];
  inactiveCustomers: number;
}

export interface SegmentSummary {
  tier: Tier;
  label: string;
  count: number;
  shareOfCustomers: number;
  annualPremium: number;
  shareOfPremium: number;
  avgPremium: number;
  avgLines: number;
}

export interface PortfolioTotals {
  customers: number;
  inactiveCustomers: number;
  policies: number;
  annualPremium: number;
  avgPremium: number;
  avgLinesPerCustomer: number;
  crossSellOpportunities: number;
  renewalWatch: number;
}

export interface Portfolio {
  totals: PortfolioTotals;
  segments: SegmentSummary[];
}

const ratio = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000);
const twoDecimals = (value: number) => Math.round(value * 100) / 100;
const averageDollars = (cents: bigint, count: number) => (count === 0 ? 0 : Math.round(Number(cents) / count) / 100);

export function buildPortfolio(aggregate: BookAggregate): Portfolio {
  const byTier = new Map(aggregate.tiers.map((row) => [row.tier, row]));
  const rows = TIERS.map(
    (tier) =>
      byTier.get(tier) ?? { tier, customers: 0, premiumCents: BigInt(0), lineSum: 0, activePolicies: 0, crossSell: 0, renewalWatch: 0 },
  );
  const customers = rows.reduce((sum, row) => sum + row.customers, 0);
  const premiumCents = rows.reduce((sum, row) => sum + row.premiumCents, BigInt(0));
  const lineSum = rows.reduce((sum, row) => sum + row.lineSum, 0);
  return {
    totals: {
      customers,
      inactiveCustomers: aggregate.inactiveCustomers,
      policies: rows.reduce((sum, row) => sum + row.activePolicies, 0),
      annualPremium: dollarsFromCents(premiumCents),
      avgPremium: averageDollars(premiumCents, customers),
      avgLinesPerCustomer: customers === 0 ? 0 : twoDecimals(lineSum / customers),
      crossSellOpportunities: rows.reduce((sum, row) => sum + row.crossSell, 0),
      renewalWatch: rows.reduce((sum, row) => sum + row.renewalWatch, 0),
    },
    segments: rows.map((row) => ({
      tier: row.tier,
      label: TIER_INFO[row.tier].label,
      count: row.customers,
      shareOfCustomers: ratio(row.customers, customers),
      annualPremium: dollarsFromCents(row.premiumCents),
      shareOfPremium: premiumCents === BigInt(0) ? 0 : ratio(Number(row.premiumCents), Number(premiumCents)),
      avgPremium: averageDollars(row.premiumCents, row.customers),
      avgLines: row.customers === 0 ? 0 : twoDecimals(row.lineSum / row.customers),
    })),
  };
}

export interface ScoredCustomer {
  tier: Tier | null;
  premiumCents: number;
  lineCount: number;
  activePolicyCount: number;
  /** An active policy expires within the renewal window of the as-of date (renewsWithinWindow). */
  renewsSoon: boolean;
}

/** The same sums the SQL refresh keeps, computed in memory (posted batches, the demo book). */
export function aggregateCustomers(customers: Iterable<ScoredCustomer>, policy: SegmentationPolicy = SEGMENTATION_POLICY): BookAggregate {
  const rows = new Map<Tier, TierAggregate>();
  let inactiveCustomers = 0;
  for (const customer of customers) {
    if (customer.tier === null) {
      inactiveCustomers += 1;
      continue;
    }
    const row = rows.get(customer.tier) ?? {
      tier: customer.tier,
      customers: 0,
      premiumCents: BigInt(0),
      lineSum: 0,
      activePolicies: 0,
      crossSell: 0,
      renewalWatch: 0,
    };
    row.customers += 1;
    row.premiumCents += BigInt(customer.premiumCents);
    row.lineSum += customer.lineCount;
    row.activePolicies += customer.activePolicyCount;
    if (isCrossSell(customer, policy)) row.crossSell += 1;
    if (isValuedTier(customer.tier, policy) && customer.renewsSoon) row.renewalWatch += 1;
    rows.set(customer.tier, row);
  }
  return { tiers: [...rows.values()], inactiveCustomers };
}

export function summarize(customers: Iterable<ScoredCustomer>, policy: SegmentationPolicy = SEGMENTATION_POLICY): Portfolio {
  return buildPortfolio(aggregateCustomers(customers, policy));
}
