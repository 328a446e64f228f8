import { z } from 'zod';
import { RULED_TIERS, type RuledTier } from './tiers';

/**
 * Tier rules (SPEC §5): a customer takes the first tier, elite → premium → standard, where any
 * of its rules holds (P ≥ minPremium and L ≥ minLines); otherwise entry.
 */
export const TierRuleSchema = z.object({
  minPremium: z
    .number({ error: 'Must be a number of dollars.' })
    .min(0, 'Cannot be negative.')
    .max(1_000_000_000, 'Must be at most 1,000,000,000.')
    .refine(
      (value) => Number.isInteger(Math.round(value * 100)) && Math.abs(value * 100 - Math.round(value * 100)) < 1e-6,
      'Use at most two decimals.',
    ),
  minLines: z
    .number({ error: 'Must be a whole number.' })
    .int('Must be a whole number.')
    .min(1, 'Must be at least 1.')
    .max(50, 'Must be at most 50.'),
});
export type TierRule = z.infer<typeof TierRuleSchema>;

const TierRulesSchema = z.array(TierRuleSchema).min(1, 'Each tier needs at least one rule.').max(4, 'At most 4 rules per tier.');

export const SegmentationRulesSchema = z.object({
  elite: TierRulesSchema,
  premium: TierRulesSchema,
  standard: TierRulesSchema,
});
export type SegmentationRules = z.infer<typeof SegmentationRulesSchema>;

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

export { RULED_TIERS };
