import { addDays } from './dates';
import { TIER_INFO, TIERS, type Tier } from './tiers';

/**
 * The business constants of SPEC §5 besides an agency's own tier rules, written here and nowhere
 * else: the SQL refresh and the drill-down queries receive them as arguments (refreshArguments),
 * the in-memory scoring reads them, and the UI words its hints from POLICY_WORDS.
 */

/** The renewal watch looks this many days past the as-of date. */
export const RENEWAL_WATCH_DAYS = 60;

/** The tiers the renewal watch and the cross-sell list look at, best first. */
export const VALUED_TIERS = ['elite', 'premium'] as const satisfies readonly Tier[];

/** A valued customer holding exactly this many lines of business is a cross-sell opportunity. */
export const CROSS_SELL_LINE_COUNT = 1;

/** The constants a summary is counted with; tests pass other values to prove SQL and TypeScript both follow them. */
export interface SegmentationPolicy {
  valuedTiers: readonly Tier[];
  crossSellLineCount: number;
  renewalWatchDays: number;
}

export const SEGMENTATION_POLICY: SegmentationPolicy = {
  valuedTiers: VALUED_TIERS,
  crossSellLineCount: CROSS_SELL_LINE_COUNT,
  renewalWatchDays: RENEWAL_WATCH_DAYS,
};

export const isValuedTier = (tier: Tier | null, policy: SegmentationPolicy = SEGMENTATION_POLICY): boolean =>
  tier !== null && policy.valuedTiers.includes(tier);

export const isCrossSell = (
  customer: { tier: Tier | null; lineCount: number },
  policy: SegmentationPolicy = SEGMENTATION_POLICY,
): boolean => isValuedTier(customer.tier, policy) && customer.lineCount === policy.crossSellLineCount;

/** An active policy (the next renewal date) expires within the window after the as-of date. */
export const renewsWithinWindow = (nextRenewalDate: string | null, asOf: string, policy: SegmentationPolicy = SEGMENTATION_POLICY) =>
  nextRenewalDate !== null && nextRenewalDate <= addDays(asOf, policy.renewalWatchDays);

/**
 * The arguments private.refresh_agency_insights takes after the agency, date, rules and mode, in
 * its order: the tier order (a customer takes the first tier whose rules they meet, the last
 * tier when none), the valued tiers, the cross-sell line count and the renewal window.
 */
export const refreshArguments = (policy: SegmentationPolicy = SEGMENTATION_POLICY) =>
  [TIERS, policy.valuedTiers, policy.crossSellLineCount, policy.renewalWatchDays] as const;

/** "Elite or Premium", "Elite and Premium". */
function tierNames(tiers: readonly Tier[], conjunction: 'and' | 'or'): string {
  const labels = tiers.map((tier) => TIER_INFO[tier].label);
  return labels.length <= 1 ? (labels[0] ?? '') : `${labels.slice(0, -1).join(', ')} ${conjunction} ${labels.at(-1)}`;
}

/** The constants in the UI's words, so a hint cannot say something other than what is counted. */
export const POLICY_WORDS = {
  valuedTiersOr: tierNames(VALUED_TIERS, 'or'),
  valuedTiersAnd: tierNames(VALUED_TIERS, 'and'),
  crossSellLines: CROSS_SELL_LINE_COUNT === 1 ? 'a single line of business' : `${CROSS_SELL_LINE_COUNT} lines of business`,
  crossSellLinesShort: CROSS_SELL_LINE_COUNT === 1 ? 'one line' : `${CROSS_SELL_LINE_COUNT} lines`,
  renewalWindow: `within ${RENEWAL_WATCH_DAYS} days`,
} as const;
