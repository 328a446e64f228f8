import { describe, expect, it } from 'vitest';
import { DomainError } from '@/lib/domain-error';
import { periodStart, resolveSnapshotDay, SnapshotDaySpec } from '@/lib/segmentation/snapshot-days';
import { comparisonChoices } from '@/lib/segmentation/use-cases/dashboard';

// Newest first, as listSnapshotDays returns them: daily refreshes in June, month-ends before.
const DAYS = ['2026-06-30', '2026-06-29', '2026-06-01', '2026-05-31', '2026-04-30', '2025-06-30', '2025-05-31'];

describe('snapshot days named by a period', () => {
  it('counts each period back from the latest snapshot', () => {
    expect(periodStart('30d', '2026-06-30')).toBe('2026-05-31');
    expect(periodStart('year', '2026-06-30')).toBe('2025-06-30');
  });

  it('takes "last month-end" as the end of the month before, never the latest day itself', () => {
    // On a month-end, the one before it; mid-month, the end of the previous month.
    expect(periodStart('month-end', '2026-06-30')).toBe('2026-05-31');
    expect(periodStart('month-end', '2026-07-15')).toBe('2026-06-30');
    expect(periodStart('month-end', '2026-01-02')).toBe('2025-12-31');
    expect(resolveSnapshotDay(DAYS, 'month-end', 'query.compareTo')).toBe('2026-05-31');
  });

  it('resolves to the latest snapshot on or before the point, or null before the history', () => {
    expect(resolveSnapshotDay(DAYS, '30d', 'query.compareTo')).toBe('2026-05-31');
    expect(resolveSnapshotDay(DAYS, 'year', 'query.compareTo')).toBe('2025-06-30');
    expect(resolveSnapshotDay(DAYS.slice(0, 5), 'year', 'query.compareTo')).toBeNull();
    expect(resolveSnapshotDay([], '30d', 'query.compareTo')).toBeNull();
  });

  it('refuses a date that is no snapshot day on the field named, saying what the history holds', () => {
    expect(resolveSnapshotDay(DAYS, '2026-06-01', 'query.compareTo')).toBe('2026-06-01');
    let refusal: unknown;
    try {
      resolveSnapshotDay(DAYS, '2026-06-15', 'query.compareTo');
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(DomainError);
    expect((refusal as DomainError).details.fields).toEqual([
      {
        field: 'query.compareTo',
        message: 'No snapshot was taken on 2026-06-15. The history holds snapshots from 2025-05-31 to 2026-06-30.',
      },
    ]);
  });

  it('reads a named period or a real date, and answers anything else in one sentence', () => {
    for (const good of ['30d', 'month-end', 'year', '2024-02-29']) expect(SnapshotDaySpec.safeParse(good).success, good).toBe(true);
    for (const bad of ['last-week', '2026-02-30', '2025-02-29', '30/06/2026', '', '30D']) {
      const parsed = SnapshotDaySpec.safeParse(bad);
      expect(parsed.success, bad).toBe(false);
      expect(parsed.error?.issues.map((issue) => issue.message)).toEqual(['Use a date (YYYY-MM-DD) or one of 30d, month-end, year.']);
    }
  });
});

describe("the dashboard's choice of snapshot days", () => {
  it('offers every day of the last three months, then one a month (its latest), never the latest day itself', () => {
    const days = ['2026-06-30', '2026-06-29', '2026-04-01', '2026-03-30', '2026-03-28', '2026-02-28', '2026-02-14', '2026-01-31'];
    expect(comparisonChoices(days, '30d')).toEqual(['2026-06-29', '2026-04-01', '2026-03-30', '2026-02-28', '2026-01-31']);
    // A day chosen by address stays on offer.
    expect(comparisonChoices(days, '2026-02-14')).toContain('2026-02-14');
    expect(comparisonChoices([], '30d')).toEqual([]);
  });
});
