import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { storyCalendar } from '@/lib/seed/demo-history';
import { addYears, isMonthEnd } from '@/lib/segmentation/dates';
import { generateIllustrativeBook } from '@/lib/segmentation/demo-book';
import { historyReachesYearBack } from '@/lib/segmentation/retention';
import { periodStart, resolveSnapshotDay } from '@/lib/segmentation/snapshot-days';

const monthLength = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

describe('a month-end (the days retention is recorded for)', () => {
  it('is the last day of its month, leap years included, and no other day', () => {
    expect(['2027-02-28', '2028-02-29', '2026-12-31', '2026-04-30'].filter(isMonthEnd)).toHaveLength(4);
    expect(['2028-02-28', '2026-12-30', '2026-05-01', '2026-04-29'].some(isMonthEnd)).toBe(false);
  });
});

describe('a year on from a leap day', () => {
  it('is Feb 28 in a year without Feb 29, as PostgreSQL counts 12 months back (the retention SQL)', () => {
    expect(addYears('2028-02-29', -1)).toBe('2027-02-28');
    expect(addYears('2028-02-29', 1)).toBe('2029-02-28');
    expect(addYears('2028-02-29', 4)).toBe('2032-02-29');
    expect(addYears('2027-02-28', 1)).toBe('2028-02-28');
    expect(addYears('2026-06-30', -1)).toBe('2025-06-30');
    expect(addYears('2026-12-31', 1)).toBe('2027-12-31');
  });

  it('keeps the month and the day, the day clamped to the month end, for any date and span', () => {
    fc.assert(
      fc.property(
        // Month ends (leap days among them) as often as any other day: they are the edge.
        fc.integer({ min: 1970, max: 2100 }),
        fc.integer({ min: 1, max: 12 }),
        fc.oneof(fc.integer({ min: 1, max: 31 }), fc.constant(31)),
        fc.integer({ min: -40, max: 40 }),
        (year, month, dayWanted, years) => {
          const day = Math.min(dayWanted, monthLength(year, month));
          const iso = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          const expected = `${year + years}-${String(month).padStart(2, '0')}-${String(Math.min(day, monthLength(year + years, month))).padStart(2, '0')}`;
          expect(addYears(iso, years)).toBe(expected);
        },
      ),
      { examples: [[2028, 2, 29, -1]], numRuns: 500 },
    );
  });

  it('"a year ago" on a leap day is Feb 28: the year comparison picks no snapshot from Mar 1', () => {
    expect(periodStart('year', '2028-02-29')).toBe('2027-02-28');
    expect(resolveSnapshotDay(['2028-02-29', '2027-03-01', '2027-02-28'], 'year', 'query.compareTo')).toBe('2027-02-28');
  });

  it('retention on a leap day needs a snapshot by Feb 28 the year before, as the SQL that records it', () => {
    expect(historyReachesYearBack('2027-02-28', '2028-02-29')).toBe(true);
    expect(historyReachesYearBack('2027-03-01', '2028-02-29')).toBe(false);
  });

  it('a policy of the illustrative book effective on Feb 29 expires on Feb 28 the year after', () => {
    const leapDay = generateIllustrativeBook('2028-06-30', 2000)
      .flatMap((customer) => customer.policies)
      .filter((policy) => policy.effectiveDate === '2028-02-29');
    expect(leapDay.length).toBeGreaterThan(0);
    expect(new Set(leapDay.map((policy) => policy.expirationDate))).toEqual(new Set(['2029-02-28']));
  });

  it('a demo seed term started on Feb 29 renews on Feb 28 the year after', () => {
    // The seed's calendar counts days from its as-of day; a term renews at yearAfter(start).
    const calendar = storyCalendar('2026-06-30');
    const leapDay = Math.round((Date.parse('2024-02-29T00:00:00Z') - Date.parse('2026-06-30T00:00:00Z')) / 86_400_000);
    expect(calendar.date(leapDay)).toBe('2024-02-29');
    expect(calendar.date(calendar.yearAfter(leapDay))).toBe('2025-02-28');
    expect(calendar.date(calendar.yearAfter(calendar.yearAfter(leapDay)))).toBe('2026-02-28');
  });
});
