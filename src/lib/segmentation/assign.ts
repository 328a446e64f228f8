import { inForceOn, type PolicyDates } from './in-force';
import { centsFromDecimal, centsFromDollars } from './money';
import { normalizeLineOfBusiness } from './lines';
import type { SegmentationRules } from './rules';
import { FALLBACK_TIER, RULED_TIERS, type Tier } from './tiers';

/** A policy as the segmentation sees it; premium as a decimal string (exact) or dollars. */
export interface PolicyInput extends PolicyDates {
  lineOfBusiness: string;
  annualPremium: string | number;
}

export interface CustomerInput {
  customerSince?: string | null;
  policies: PolicyInput[];
}

/** What a customer's tier is computed from, and what the dashboard shows about them. */
export interface CustomerMetrics {
  premiumCents: number;
  /** Distinct normalized lines of the policies in force, sorted. */
  lines: string[];
  activePolicyCount: number;
  firstPolicyDate: string | null;
  nextRenewalDate: string | null;
}

const premiumCents = (premium: string | number) => (typeof premium === 'number' ? centsFromDollars(premium) : centsFromDecimal(premium));

export function customerMetrics(customer: CustomerInput, asOf: string): CustomerMetrics {
  let cents = 0;
  let active = 0;
  const lines = new Set<string>();
  let firstPolicyDate: string | null = null;
  let nextRenewalDate: string | null = null;
  for (const policy of customer.policies) {
    if (firstPolicyDate === null || policy.effectiveDate < firstPolicyDate) firstPolicyDate = policy.effectiveDate;
    if (!inForceOn(policy, asOf)) continue;
    active += 1;
    cents += premiumCents(policy.annualPremium);
    lines.add(normalizeLineOfBusiness(policy.lineOfBusiness));
    if (policy.expirationDate && (nextRenewalDate === null || policy.expirationDate < nextRenewalDate))
      nextRenewalDate = policy.expirationDate;
  }
  return { premiumCents: cents, lines: [...lines].sort(), activePolicyCount: active, firstPolicyDate, nextRenewalDate };
}

/**
 * The tier of a customer with premium P (cents) over L distinct lines, or null for an inactive
 * customer (no active policy). Comparisons are on integer cents: exact.
 */
export function assignTier(
  metrics: { premiumCents: number; lineCount: number; activePolicyCount: number },
  rules: SegmentationRules,
): Tier | null {
  if (metrics.activePolicyCount === 0) return null;
  for (const tier of RULED_TIERS) {
    const qualifies = rules[tier].some(
      (rule) => metrics.premiumCents >= centsFromDollars(rule.minPremium) && metrics.lineCount >= rule.minLines,
    );
    if (qualifies) return tier;
  }
  return FALLBACK_TIER;
}

/** Customer → tier in one step, as of a date. */
export function tierOf(customer: CustomerInput, rules: SegmentationRules, asOf: string): Tier | null {
  const metrics = customerMetrics(customer, asOf);
  return assignTier(
    { premiumCents: metrics.premiumCents, lineCount: metrics.lines.length, activePolicyCount: metrics.activePolicyCount },
    rules,
  );
}
