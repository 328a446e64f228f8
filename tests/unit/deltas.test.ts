import { describe, expect, it } from 'vitest';
import { countDelta, decimalDelta, moneyDelta, shareDelta } from '@/components/segmentation/deltas';
import { compareAggregates } from '@/lib/segmentation/comparison';
import { decimalFromCents } from '@/lib/segmentation/money';

const CUSTOMERS = { one: 'customer', many: 'customers' };

describe('changes in words: the direction is in the words, not only in colour', () => {
  it('writes counts as more or fewer, with the change in percent of the earlier figure', () => {
    expect(countDelta({ then: 353, change: 12, changeRatio: 0.034 }, CUSTOMERS)).toEqual({
      direction: 'up',
      text: '12 more customers (+3.4%)',
    });
    expect(countDelta({ then: 2, change: -1, changeRatio: -0.5 }, CUSTOMERS)).toEqual({
      direction: 'down',
      text: '1 fewer customer (-50%)',
    });
    expect(countDelta({ then: 5, change: 0, changeRatio: 0 }, CUSTOMERS)).toEqual({ direction: 'same', text: 'no change' });
    // Nothing then: no percentage to give.
    expect(countDelta({ then: 0, change: 2, changeRatio: null }, CUSTOMERS).text).toBe('2 more customers');
  });

  it('writes money as more or less in whole dollars, shares in points, plain figures up or down', () => {
    expect(moneyDelta({ then: '31900.00', change: '-7100.00', changeRatio: -0.2226 })).toEqual({
      direction: 'down',
      text: '$7,100 less (-22.3%)',
    });
    expect(moneyDelta({ then: '1600.00', change: '100.00', changeRatio: 0.0625 }).text).toBe('$100 more (+6.3%)');
    expect(shareDelta({ then: 0.1667, change: 0.2333 })).toEqual({ direction: 'up', text: 'up 23.3 points' });
    expect(shareDelta({ then: 0.5, change: -0.01 })).toEqual({ direction: 'down', text: 'down 1 point' });
    expect(shareDelta({ then: 0.5, change: 0.0004 })).toEqual({ direction: 'same', text: 'no change' });
    expect(decimalDelta(1.6, 1.33)).toEqual({ direction: 'up', text: 'up 0.27' });
  });
});

describe('comparing two days of per-tier sums', () => {
  it('is exact to the cent in amounts no float could hold', () => {
    expect(decimalFromCents(BigInt('123456789012345'))).toBe('1234567890123.45');
    expect(decimalFromCents(BigInt(-5))).toBe('-0.05');
    const tier = (premiumCents: string) => ({
      tier: 'elite' as const,
      customers: 3,
      premiumCents: BigInt(premiumCents),
      lineSum: 3,
      activePolicies: 3,
      crossSell: 0,
      renewalWatch: 0,
    });
    const now = { tiers: [tier('900719925474099301')], inactiveCustomers: 0, renewalWatchKnown: true };
    const then = { tiers: [tier('900719925474099200')], inactiveCustomers: 0, renewalWatchKnown: false };
    const { totals, segments } = compareAggregates(now, then);
    expect(totals.annualPremium.change).toBe('1.01');
    expect(segments[0]!.annualPremium).toMatchObject({ then: '9007199254740992.00', change: '1.01' });
    // A backfilled day counted no renewal watch: no change is made up for it.
    expect(totals.renewalWatch).toBeNull();
    // A tier empty on both days changes by nothing, and has no percentage.
    expect(segments[3]!.customers).toEqual({ then: 0, change: 0, changeRatio: null });
  });
});
