import { describe, expect, it } from 'vitest';
import { validateRow, type ColumnIndexes, type RowReading } from '@/lib/import/row';

/**
 * A policy row's dates as the import reads them (SPEC §6, §11): the cancellation date in the same
 * forms as the effective date, never before it, and a row whose status says active although it
 * was cancelled in the past is imported with a warning that says why it no longer counts.
 */
const COLUMNS: ColumnIndexes = {
  customer_id: 0,
  policy_id: 1,
  line_of_business: 2,
  annual_premium: 3,
  effective_date: 4,
  expiration_date: 5,
  status: 6,
  cancellation_date: 7,
};
const MDY: RowReading = { dateOrder: 'mdy', today: '2026-06-30' };

const read = (dates: { effective: string; expiration?: string; status?: string; cancelled: string }, reading: RowReading = MDY) =>
  validateRow(['C1', 'P1', 'auto', '100', dates.effective, dates.expiration ?? '', dates.status ?? '', dates.cancelled], COLUMNS, reading);

describe("a row's cancellation date", () => {
  it.each([
    ['2026-03-15', MDY, '2026-03-15'],
    ['3/15/2026', MDY, '2026-03-15'],
    ['2026-03-15 00:00:00', MDY, '2026-03-15'],
    ['15/3/2026', { ...MDY, dateOrder: 'dmy' }, '2026-03-15'],
    ['', MDY, null],
  ] as const)('%j (%o) is read as %s', (cell, reading, expected) => {
    const { row, issues } = read({ effective: '2026-01-15', status: 'cancelled', cancelled: cell }, reading);
    expect(issues).toEqual([]);
    expect(row).toMatchObject({ effectiveDate: '2026-01-15', status: 'cancelled', cancellationDate: expected });
  });

  it('may be the effective date itself (cancelled from the start), never before it', () => {
    expect(read({ effective: '2026-01-15', status: 'cancelled', cancelled: '1/15/2026' }).row?.cancellationDate).toBe('2026-01-15');
    const { row, issues } = read({ effective: '2026-01-15', status: 'cancelled', cancelled: '1/14/2026' });
    expect(row).toBeNull();
    expect(issues).toEqual([
      {
        field: 'cancellation_date',
        severity: 'error',
        code: 'cancellation-before-effective',
        message: 'Cancellation date 2026-01-14 is before the effective date 2026-01-15.',
        value: '1/14/2026',
      },
    ]);
  });

  it('that is no date is an error of its own column, as the effective date would be', () => {
    expect(read({ effective: '2026-01-15', cancelled: '2/30/2026' }).issues).toEqual([
      expect.objectContaining({ field: 'cancellation_date', code: 'impossible-date', message: 'Day 30 does not exist in 2026-02.' }),
    ]);
    expect(read({ effective: '2026-01-15', cancelled: 'soon' }).issues).toEqual([
      expect.objectContaining({ field: 'cancellation_date', code: 'invalid-date', message: 'Not a date in YYYY-MM-DD or M/D/YYYY form.' }),
    ]);
  });

  it('on an active row: a warning when it is past (the policy no longer counts), none while it is ahead', () => {
    const past = read({ effective: '2026-01-15', status: 'Active', cancelled: '2026-06-30' });
    expect(past.row).toMatchObject({ status: 'active', cancellationDate: '2026-06-30' });
    expect(past.issues).toEqual([
      {
        field: 'cancellation_date',
        severity: 'warning',
        code: 'cancelled-while-active',
        message:
          'The status is active, but the policy was cancelled on 2026-06-30: it counts as in force up to the day before only. If it was reinstated, leave the cancellation date empty.',
        value: '2026-06-30',
      },
    ]);
    // A cancellation notice that takes effect next month: still in force today, nothing to say.
    expect(read({ effective: '2026-01-15', status: 'active', cancelled: '2026-07-01' }).issues).toEqual([]);
  });

  it('keeps the expiration rule beside it: both ends are checked against the start', () => {
    const { issues } = read({ effective: '2026-06-01', expiration: '2026-05-31', status: 'cancelled', cancelled: '2026-05-01' });
    expect(issues.map((issue) => [issue.field, issue.code])).toEqual([
      ['expiration_date', 'expiration-before-effective'],
      ['cancellation_date', 'cancellation-before-effective'],
    ]);
  });
});
