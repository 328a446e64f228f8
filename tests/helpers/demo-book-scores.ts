import type { DemoBook, DemoPolicy } from '@/lib/seed/demo-book';
import { customerMetrics, tierOf, type PolicyInput } from '@/lib/segmentation/assign';
import { isValuedTier } from '@/lib/segmentation/policy';
import { DEFAULT_RULES } from '@/lib/segmentation/rules';
import { TIERS, type Tier } from '@/lib/segmentation/tiers';

/**
 * A generated demo book scored in TypeScript as the segmentation scores it (default rules), day by
 * day: what the seed's history must show, and what the generator's tests check its story with.
 */
export const policyInput = (policy: DemoPolicy): PolicyInput => ({
  lineOfBusiness: policy.line_of_business,
  annualPremium: policy.annual_premium,
  effectiveDate: policy.effective_date,
  expirationDate: policy.expiration_date,
  status: policy.status,
  cancellationDate: policy.cancellation_date,
  expiredOn: policy.expired_on,
});

/** Each customer's policies (customers without any included), in the book's order. */
export function policiesByCustomer(book: DemoBook): PolicyInput[][] {
  const byCustomer = new Map<string, PolicyInput[]>(book.customers.map((customer) => [customer.id, []]));
  for (const policy of book.policies) byCustomer.get(policy.customer_id)!.push(policyInput(policy));
  return [...byCustomer.values()];
}

export const tierOn = (policies: PolicyInput[], day: string): Tier | null => tierOf({ policies }, DEFAULT_RULES, day);

/** Elite 4 … Entry 1, no tier 0. */
export const tierRank = (tier: Tier | null) => (tier === null ? 0 : TIERS.length - TIERS.indexOf(tier));

/** Customers and premium per tier on a day, as insight_snapshot_totals holds them (tiers in name order). */
export function tierTotalsOn(book: DemoBook, day: string): Record<string, { customers: number; premium: string }> {
  const totals = new Map<Tier, { customers: number; cents: number }>();
  for (const policies of policiesByCustomer(book)) {
    const tier = tierOn(policies, day);
    if (tier === null) continue;
    const sums = totals.get(tier) ?? { customers: 0, cents: 0 };
    totals.set(tier, { customers: sums.customers + 1, cents: sums.cents + customerMetrics({ policies }, day).premiumCents });
  }
  return Object.fromEntries(
    [...totals]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([tier, { customers, cents }]) => [tier, { customers, premium: (cents / 100).toFixed(2) }]),
  );
}

/** Who left Elite or Premium for a lower tier or none (down), and who rose a tier (up), between two days. */
export function moversBetween(book: DemoBook, from: string, to: string): { down: number; up: number } {
  let down = 0;
  let up = 0;
  for (const policies of policiesByCustomer(book)) {
    const then = tierOn(policies, from);
    const now = tierOn(policies, to);
    if (isValuedTier(then) && tierRank(now) < tierRank(then)) down += 1;
    if (then !== null && tierRank(now) > tierRank(then)) up += 1;
  }
  return { down, up };
}
