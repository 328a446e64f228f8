import { describe, expect, it } from 'vitest';
import { DomainError } from '@/lib/domain-error';
import { periodStart, resolveSnapshotDay } from '@/lib/segmentation/snapshot-days';

describe('naming a snapshot day (SPEC §11)', () => {
  const days = ['2026-11-30', '2026-11-29', '2026-10-31', '2026-09-30', '2025-11-30', '2025-10-31'];

  it('counts named periods back from the latest snapshot', () => {
    expect(periodStart('30d', '2026-11-30')).toBe('2026-10-31');
    // Last month-end: the month before, also when the latest day is a month-end itself.
    expect(periodStart('month-end', '2026-11-30')).toBe('2026-10-31');
    expect(periodStart('month-end', '2026-11-15')).toBe('2026-10-31');
    expect(periodStart('month-end', '2026-03-01')).toBe('2026-02-28');
    expect(periodStart('year', '2026-11-30')).toBe('2025-11-30');
  });

  it('resolves a named period to the latest snapshot on or before it, or null before the history', () => {
    expect(resolveSnapshotDay(days, '30d', 'query.compareTo')).toBe('2026-10-31');
    expect(resolveSnapshotDay(days, 'month-end', 'query.compareTo')).toBe('2026-10-31');
    expect(resolveSnapshotDay(days, 'year', 'query.compareTo')).toBe('2025-11-30');
    expect(resolveSnapshotDay(['2026-11-30'], 'year', 'query.compareTo')).toBeNull();
    expect(resolveSnapshotDay([], '30d', 'query.compareTo')).toBeNull();
  });

  it('takes a date only when it is a snapshot day, naming the history otherwise', () => {
    expect(resolveSnapshotDay(days, '2026-09-30', 'query.from')).toBe('2026-09-30');
    const refusal = (() => {
      try {
        resolveSnapshotDay(days, '2026-09-15', 'query.from');
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(DomainError);
    expect((refusal as DomainError).details.fields).toEqual([
      { field: 'query.from', message: 'No snapshot was taken on 2026-09-15. The history holds snapshots from 2025-10-31 to 2026-11-30.' },
    ]);
  });
});
