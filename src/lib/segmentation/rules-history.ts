import { DEFAULT_RULES, type SegmentationRules } from './rules';
import { RULED_TIERS, type RuledTier } from './tiers';

/** One saved version of an agency's tier rules (version 1 is the defaults, never stored in the history). */
export interface RuleVersion {
  version: number;
  rules: SegmentationRules;
  /** When it was saved; null for the default rules. */
  changedAt: string | Date | null;
  changedBy: string | null;
}

export interface RuleVersionWithChanges extends RuleVersion {
  /** The rules of the version before, or null when that version is not in the list (older than the history kept on screen). */
  previous: SegmentationRules | null;
  /** The tiers whose rules differ from the version before; null when that version is unknown. */
  changed: RuledTier[] | null;
}

const sameTierRules = (a: SegmentationRules, b: SegmentationRules, tier: RuledTier) =>
  a[tier].length === b[tier].length &&
  a[tier].every((rule, i) => rule.minPremium === b[tier][i]!.minPremium && rule.minLines === b[tier][i]!.minLines);

/** The tiers whose rules differ between two versions, best tier first. */
export const changedTiers = (before: SegmentationRules, after: SegmentationRules): RuledTier[] =>
  RULED_TIERS.filter((tier) => !sameTierRules(before, after, tier));

/**
 * The rule history as the editor shows it: newest first, every version with what changed from the
 * one before. The default rules (version 1) close the list when the history reaches back to them.
 */
export function versionsWithChanges(history: RuleVersion[], currentVersion: number): RuleVersionWithChanges[] {
  const versions = [...history].sort((a, b) => b.version - a.version);
  const oldest = versions.at(-1);
  if (oldest ? oldest.version === 2 : currentVersion === 1)
    versions.push({ version: 1, rules: DEFAULT_RULES, changedAt: null, changedBy: null });
  return versions.map((entry, index) => {
    const before = versions[index + 1];
    const previous = before && before.version === entry.version - 1 ? before.rules : null;
    return { ...entry, previous, changed: entry.version === 1 ? [] : previous ? changedTiers(previous, entry.rules) : null };
  });
}
