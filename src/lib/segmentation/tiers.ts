/**
 * The tier order, written once: the tiers a customer can qualify for by rules, best first (a
 * customer takes the first whose rules they meet), then the tier of every other active customer.
 * The SQL refresh receives TIERS as its tier order (policy.ts).
 */
export const RULED_TIERS = ['elite', 'premium', 'standard'] as const;
export type RuledTier = (typeof RULED_TIERS)[number];
export const FALLBACK_TIER = 'entry';

/** The four value tiers (SPEC §1, §5), best first. The order is the order of every list. */
export const TIERS = [...RULED_TIERS, FALLBACK_TIER] as const;
export type Tier = (typeof TIERS)[number];

export interface TierInfo {
  label: string;
  icon: string;
  /** Accent colour (AA contrast on white for text, used for bars and borders). */
  color: string;
  /** What the agency should do for customers in this tier. */
  recommendation: string;
}

export const TIER_INFO: Record<Tier, TierInfo> = {
  elite: {
    label: 'Elite',
    icon: '💎',
    color: '#6d28d9',
    recommendation: 'White-glove service: a named account manager, an annual coverage review and renewal outreach 90 days ahead.',
  },
  premium: {
    label: 'Premium',
    icon: '⭐',
    color: '#b45309',
    recommendation: 'Proactive service: a semi-annual review and cross-sell outreach.',
  },
  standard: {
    label: 'Standard',
    icon: '🛡️',
    color: '#1d4ed8',
    recommendation: 'Standard service with bundle offers.',
  },
  entry: {
    label: 'Entry',
    icon: '🎯',
    color: '#047857',
    recommendation: 'Self-service and digital nurture.',
  },
};
