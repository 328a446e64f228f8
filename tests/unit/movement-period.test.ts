import { describe, expect, it } from 'vitest';
import { DomainError } from '@/lib/domain-error';
import { periodStart, resolvePeriod, resolveSnapshotDay } from '@/lib/segmentation/snapshot-days';

// Month-end snapshots from 2025-04-30 and a daily refresh on 2026-07-14 and 2026-07-15, newest first.
const MONTH_ENDS = [
  '2026-06-30',
  '2026-05-31',
  '2026-04-30',
  '2026-03-31',
  '2025-08-31',
  '2025-07-31',
  '2025-06-30',
  '2025-05-31',
  '2025-04-30',
];
const DAYS = ['2026-07-15', '2026-07-14', ...MONTH_ENDS];

const fieldsOf = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    return (error as DomainError).details.fields;
  }
  throw new Error('expected a refusal');
};

describe('snapshot days and periods', () => {
  it('counts named periods back from the latest snapshot: the month-end is the one before its month', () => {
    expect(periodStart('30d', '2026-07-15')).toBe('2026-06-15');
    expect(periodStart('month-end', '2026-07-15')).toBe('2026-06-30');
    // On a month-end itself, "the month-end before" is the previous month's, not the day itself.
    expect(periodStart('month-end', '2026-06-30')).toBe('2026-05-31');
    expect(periodStart('year', '2026-07-15')).toBe('2025-07-15');
    expect(resolveSnapshotDay(DAYS, 'month-end', 'query.from')).toBe('2026-06-30');
    expect(resolveSnapshotDay(MONTH_ENDS, 'month-end', 'query.from')).toBe('2026-05-31');
    expect(resolveSnapshotDay(DAYS, 'year', 'query.from')).toBe('2025-06-30');
    expect(resolveSnapshotDay(['2026-07-15'], 'year', 'query.from')).toBeNull();
  });

  it('defaults to the latest snapshot and the latest one 30 days or more before it, saying it is "30 days"', () => {
    expect(resolvePeriod(DAYS, {})).toEqual({ days: DAYS, from: '2026-05-31', to: '2026-07-15', fromPeriod: '30d' });
    // With "to" named, 30 days before it (a span, not the named period counted from the latest).
    expect(resolvePeriod(DAYS, { to: '2026-04-30' })).toMatchObject({ from: '2026-03-31', to: '2026-04-30', fromPeriod: null });
    // Less than 30 days of history: the snapshot before; one snapshot: that day against itself; none: nothing.
    expect(resolvePeriod(['2026-07-15', '2026-07-14'], {})).toMatchObject({ from: '2026-07-14', fromPeriod: null });
    expect(resolvePeriod(['2026-07-15'], {})).toMatchObject({ from: '2026-07-15', to: '2026-07-15' });
    expect(resolvePeriod([], {})).toEqual({ days: [], from: null, to: null, fromPeriod: null });
    expect(resolvePeriod(DAYS, { from: 'year' })).toMatchObject({ from: '2025-06-30', to: '2026-07-15', fromPeriod: 'year' });
  });

  it('refuses a day without a snapshot, naming the history, and a period that ends before it starts', () => {
    expect(fieldsOf(() => resolvePeriod(DAYS, { from: '2026-07-01' }))).toEqual([
      { field: 'query.from', message: 'No snapshot was taken on 2026-07-01. The history holds snapshots from 2025-04-30 to 2026-07-15.' },
    ]);
    expect(fieldsOf(() => resolvePeriod(DAYS, { to: '2031-01-01' }))).toEqual([
      { field: 'query.to', message: 'No snapshot was taken on 2031-01-01. The history holds snapshots from 2025-04-30 to 2026-07-15.' },
    ]);
    expect(fieldsOf(() => resolvePeriod(DAYS, { from: '2026-07-15', to: '2026-06-30' }))).toEqual([
      { field: 'query.from', message: 'Must be on or before "to".' },
    ]);
  });
});
