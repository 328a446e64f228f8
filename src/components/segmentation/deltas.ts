import type { CountChange, MoneyChange, RatioChange } from '@/lib/segmentation/comparison';
import { formatCount, formatCurrency } from '../format';

/**
 * A change since an earlier snapshot in words: the direction is in the words themselves ("more",
 * "fewer", "up", "down"), so the colour and the arrow beside them are never the only signal
 * (WCAG 1.4.1).
 */
export type Direction = 'up' | 'down' | 'same';

export interface DeltaWords {
  direction: Direction;
  text: string;
}

const signedPercent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' });
const points = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

const directionOf = (change: number): Direction => (change > 0 ? 'up' : change < 0 ? 'down' : 'same');
/** "(+3.4%)"; nothing when there was nothing before to measure against. */
const percentOf = (ratio: number | null) => (ratio === null ? '' : ` (${signedPercent.format(ratio)})`);

/** "12 more customers (+3.4%)", "1 fewer customer (−50%)", "no change". */
export function countDelta(change: CountChange, noun: { one: string; many: string }): DeltaWords {
  const direction = directionOf(change.change);
  if (direction === 'same') return { direction, text: 'no change' };
  const size = Math.abs(change.change);
  return {
    direction,
    text: `${formatCount(size)} ${direction === 'up' ? 'more' : 'fewer'} ${size === 1 ? noun.one : noun.many}${percentOf(change.changeRatio)}`,
  };
}

/** "$1,200 more (+2.1%)", "$500 less (−1%)", "no change" (whole dollars, as the cards show money). */
export function moneyDelta(change: MoneyChange): DeltaWords {
  const dollars = Number(change.change);
  const direction = directionOf(dollars);
  if (direction === 'same') return { direction, text: 'no change' };
  return {
    direction,
    text: `${formatCurrency(Math.abs(dollars))} ${direction === 'up' ? 'more' : 'less'}${percentOf(change.changeRatio)}`,
  };
}

/** A share's change in percentage points: "up 1.2 points", "down 0.3 points", "no change". */
export function shareDelta(change: RatioChange): DeltaWords {
  const pointsChanged = Math.round(change.change * 1000) / 10;
  const direction = directionOf(pointsChanged);
  if (direction === 'same') return { direction, text: 'no change' };
  const size = Math.abs(pointsChanged);
  return { direction, text: `${direction} ${points.format(size)} point${size === 1 ? '' : 's'}` };
}

/** A plain figure's change (policies per customer): "up 0.05", "down 0.1", "no change". */
export function decimalDelta(now: number, then: number): DeltaWords {
  const change = Math.round((now - then) * 100) / 100;
  const direction = directionOf(change);
  return direction === 'same' ? { direction, text: 'no change' } : { direction, text: `${direction} ${decimal.format(Math.abs(change))}` };
}
