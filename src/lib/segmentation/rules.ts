import type { RuledTier } from './tiers';

/**
 * Tier rules (SPEC §5): a customer takes the first tier, elite → premium → standard, where any
 * of its rules holds (P ≥ minPremium and L ≥ minLines); otherwise entry. No zod here: the
 * dashboard's browser bundle uses this file; validation lives in rules-schema.ts.
 */
export interface TierRule {
  /** Dollars, at most two decimals. */
  minPremium: number;
  minLines: number;
}

export type SegmentationRules = Record<RuledTier, TierRule[]>;

/** "Premium & account rounding", methodology version 1. */
export const DEFAULT_RULES: SegmentationRules = {
  elite: [
    { minPremium: 10_000, minLines: 1 },
    { minPremium: 5_000, minLines: 3 },
  ],
  premium: [
    { minPremium: 5_000, minLines: 1 },
    { minPremium: 2_500, minLines: 2 },
  ],
  standard: [
    { minPremium: 1_500, minLines: 1 },
    { minPremium: 0, minLines: 2 },
  ],
};

export const METHODOLOGY_NAME = 'Premium & account rounding';

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 2, minimumFractionDigits: 0 });

/** One rule in plain words: "premium of at least $5,000 across 3 or more lines". */
export function describeRule(rule: TierRule): string {
  const lines = rule.minLines === 1 ? null : `${rule.minLines} or more lines`;
  if (rule.minPremium === 0) return lines ?? 'any active policy';
  const premium = `annual premium of at least ${money.format(rule.minPremium)}`;
  return lines ? `${premium} across ${lines}` : premium;
}

/** A tier's rules in plain words, joined with "or". */
export function describeTierRules(rules: SegmentationRules, tier: RuledTier): string {
  return rules[tier].map(describeRule).join(', or ');
}
