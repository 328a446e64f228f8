import { z } from 'zod';
import type { SegmentationRules } from './rules';

/** Validation of tier rules (SPEC §5): 1–4 rules per tier, minPremium 0–10⁹ in cents, minLines 1–50. */
export const TierRuleSchema = z.object({
  minPremium: z
    .number({ error: 'Must be a number of dollars.' })
    .min(0, 'Cannot be negative.')
    .max(1_000_000_000, 'Must be at most 1,000,000,000.')
    .refine((value) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6, 'Use at most two decimals.'),
  minLines: z
    .number({ error: 'Must be a whole number.' })
    .int('Must be a whole number.')
    .min(1, 'Must be at least 1.')
    .max(50, 'Must be at most 50.'),
});

const TierRulesSchema = z.array(TierRuleSchema).min(1, 'Each tier needs at least one rule.').max(4, 'At most 4 rules per tier.');

export const SegmentationRulesSchema: z.ZodType<SegmentationRules> = z.object({
  elite: TierRulesSchema,
  premium: TierRulesSchema,
  standard: TierRulesSchema,
});
