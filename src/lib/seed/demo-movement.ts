import { addDays, addYears, monthEndBefore } from '@/lib/segmentation/dates';
import { inForceOn, policyEndsOn } from '@/lib/segmentation/in-force';
import { tierOf, type PolicyInput } from '@/lib/segmentation/assign';
import { normalizeLineOfBusiness } from '@/lib/segmentation/lines';
import { isValuedTier } from '@/lib/segmentation/policy';
import type { Random } from '@/lib/segmentation/random';
import { DEFAULT_RULES } from '@/lib/segmentation/rules';
import { latestOnOrBefore, periodStart } from '@/lib/segmentation/snapshot-days';
import { TIERS, type Tier } from '@/lib/segmentation/tiers';
import { premiumCents, type LineChoice, type StoryPolicy } from './demo-history';

/**
 * The demo's last 30 days always show tier movement both ways. A random book has a few customers
 * a month leaving Elite or Premium and a few rising, but on some as-of day it could have none,
 * and the movers page would greet a first visitor empty. So, when fewer than RECENT_MOVERS moved
 * either way since the snapshot "30 days ago" resolves to, a few settled customers (no policy
 * started or ended since then) get one more event in the last four weeks: a policy cancelled
 * that takes them down a tier, or another line that takes them up. Deterministic, like the book.
 */
export const RECENT_MOVERS = 3;

/** A customer's story as the generator holds it, with the lines it may buy. */
export interface StoryOnFile {
  lines: readonly LineChoice[];
  policies: StoryPolicy[];
}

const rank = (tier: Tier | null) => (tier === null ? 0 : TIERS.length - TIERS.indexOf(tier));

const asInput = (policy: StoryPolicy): PolicyInput => ({
  lineOfBusiness: policy.line,
  annualPremium: policy.premium,
  effectiveDate: policy.effective,
  expirationDate: policy.expiration,
  status: policy.status,
  cancellationDate: policy.cancellation,
  expiredOn: policy.expiredOn,
});

const tierOn = (policies: readonly StoryPolicy[], day: string) => tierOf({ policies: policies.map(asInput) }, DEFAULT_RULES, day);

/** The snapshot "30 days ago" resolves to on the seeded history: the as-of day and the month-ends before it. */
export function thirtyDaysSnapshot(asOf: string): string {
  return latestOnOrBefore([asOf, monthEndBefore(asOf, 1), monthEndBefore(asOf, 2)], periodStart('30d', asOf))!;
}

export function ensureRecentMovers(stories: readonly StoryOnFile[], asOf: string, random: Random): void {
  const from = thirtyDaysSnapshot(asOf);
  let down = 0;
  let up = 0;
  const settled: { story: StoryOnFile; now: Tier }[] = [];
  for (const story of stories) {
    const then = tierOn(story.policies, from);
    const now = tierOn(story.policies, asOf);
    if (isValuedTier(then) && rank(now) < rank(then)) down += 1;
    if (then !== null && rank(now) > rank(then)) up += 1;
    const changed = story.policies.some((policy) => {
      const endsOn = policyEndsOn(asInput(policy));
      return (policy.effective > from && policy.effective <= asOf) || (endsOn !== null && endsOn > from && endsOn <= asOf);
    });
    if (!changed && now !== null) settled.push({ story, now });
  }

  for (const { story, now } of settled) {
    if (down >= RECENT_MOVERS && up >= RECENT_MOVERS) return;
    const day = addDays(asOf, -random.int(1, 27));
    if (down < RECENT_MOVERS && isValuedTier(now)) {
      // A policy cancelled (moved to another agency, a car sold) that costs the customer its tier.
      const dropped = story.policies.findIndex(
        (policy, index) =>
          policy.effective < day &&
          policy.status === 'active' &&
          rank(tierOn(story.policies.with(index, { ...policy, status: 'cancelled', cancellation: day }), asOf)) < rank(now),
      );
      if (dropped >= 0) {
        story.policies[dropped] = { ...story.policies[dropped]!, status: 'cancelled', cancellation: day };
        down += 1;
      }
    } else if (up < RECENT_MOVERS && now !== 'elite') {
      // Another line bought, which lifts the customer into the next tier.
      const held = new Set(
        story.policies.filter((policy) => inForceOn(asInput(policy), asOf)).map((policy) => normalizeLineOfBusiness(policy.line)),
      );
      const missing = story.lines.filter(([line]) => !held.has(normalizeLineOfBusiness(line)));
      if (missing.length === 0) continue;
      const [line, median] = random.pick(missing);
      const added: StoryPolicy = {
        line,
        premium: (premiumCents(random, median) / 100).toFixed(2),
        effective: day,
        expiration: addYears(day, 1),
        status: 'active',
        cancellation: null,
        expiredOn: null,
      };
      if (rank(tierOn([...story.policies, added], asOf)) > rank(now)) {
        story.policies.push(added);
        up += 1;
      }
    }
  }
}
