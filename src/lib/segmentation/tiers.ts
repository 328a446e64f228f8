/** The four value tiers (SPEC §1, §5), best first. The order is the order of every list. */
export const TIERS = ['elite', 'premium', 'standard', 'entry'] as const;
export type Tier = (typeof TIERS)[number];

/** The tiers a customer can qualify for by rules; everyone else active is entry. */
export const RULED_TIERS = ['elite', 'premium', 'standard'] as const;
export type RuledTier = (typeof RULED_TIERS)[number];

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
