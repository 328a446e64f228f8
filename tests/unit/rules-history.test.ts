import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES, type SegmentationRules } from '@/lib/segmentation/rules';
import { changedTiers, versionsWithChanges } from '@/lib/segmentation/rules-history';

const v2: SegmentationRules = { ...DEFAULT_RULES, elite: [{ minPremium: 4_000, minLines: 1 }] };
const v3: SegmentationRules = {
  ...v2,
  premium: [{ minPremium: 3_000, minLines: 1 }],
  standard: [...DEFAULT_RULES.standard, { minPremium: 0, minLines: 3 }],
};
const at = (day: number) => `2026-03-0${day}T10:00:00Z`;

describe('rule history', () => {
  it('names every tier whose rules differ, not only Elite', () => {
    expect(changedTiers(DEFAULT_RULES, DEFAULT_RULES)).toEqual([]);
    expect(changedTiers(DEFAULT_RULES, v2)).toEqual(['elite']);
    expect(changedTiers(v2, v3)).toEqual(['premium', 'standard']);
    // Same thresholds in another order is a change of the saved rules too.
    expect(changedTiers(DEFAULT_RULES, { ...DEFAULT_RULES, elite: [...DEFAULT_RULES.elite].reverse() })).toEqual(['elite']);
  });

  it('lists every version newest first with what changed, down to the default rules', () => {
    const versions = versionsWithChanges(
      [
        { version: 2, rules: v2, changedAt: at(1), changedBy: 'admin@demo-agency.test' },
        { version: 3, rules: v3, changedAt: at(2), changedBy: 'owner@demo-agency.test' },
      ],
      3,
    );
    expect(versions.map((v) => [v.version, v.changed])).toEqual([
      [3, ['premium', 'standard']],
      [2, ['elite']],
      [1, []],
    ]);
    expect(versions[0]!.previous).toEqual(v2);
    expect(versions[2]).toMatchObject({ rules: DEFAULT_RULES, changedAt: null, previous: null });
  });

  it('shows the default rules alone before any change, and does not guess changes older than the history shown', () => {
    expect(versionsWithChanges([], 1).map((v) => v.version)).toEqual([1]);
    const truncated = versionsWithChanges([{ version: 51, rules: v3, changedAt: at(3), changedBy: null }], 51);
    expect(truncated).toEqual([expect.objectContaining({ version: 51, previous: null, changed: null })]);
  });
});
