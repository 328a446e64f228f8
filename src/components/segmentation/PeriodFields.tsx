import { formatDate } from '@/components/format';
import type { DomainError } from '@/lib/domain-error';
import { NAMED_PERIODS, type NamedPeriod } from '@/lib/segmentation/snapshot-days';

/** The named periods in words: each counts back from the latest snapshot (snapshot-days.ts). */
export const PERIOD_LABELS: Record<NamedPeriod, string> = {
  '30d': '30 days before the latest',
  'month-end': 'Month-end before the latest',
  year: 'A year before the latest',
};

const SELECT = 'min-h-11 w-full rounded-lg border border-slate-300 px-2 font-normal';

/**
 * The "From" and "To" of a period between snapshot days, for a GET form (tier movement, movers):
 * From offers the named periods and every snapshot day, To every snapshot day. Shows what the
 * page resolved, so the choice in the box is the period on screen.
 */
export function PeriodFields(props: { days: string[]; from: string | null; to: string | null; fromPeriod: NamedPeriod | null }) {
  const { days, from, to, fromPeriod } = props;
  const dayOptions = days.map((day) => (
    <option key={day} value={day}>
      {formatDate(day)}
    </option>
  ));
  return (
    <>
      <label className="flex min-w-0 flex-col gap-1 text-sm font-medium">
        From
        <select name="from" defaultValue={fromPeriod ?? from ?? undefined} className={SELECT} data-testid="period-from">
          <optgroup label="Periods">
            {NAMED_PERIODS.map((period) => (
              <option key={period} value={period}>
                {PERIOD_LABELS[period]}
              </option>
            ))}
          </optgroup>
          <optgroup label="Snapshot days">{dayOptions}</optgroup>
        </select>
      </label>
      <label className="flex min-w-0 flex-col gap-1 text-sm font-medium">
        To
        <select name="to" defaultValue={to ?? undefined} className={SELECT} data-testid="period-to">
          {dayOptions}
        </select>
      </label>
    </>
  );
}

/** "From May 31, 2026 (30 days before the latest) to June 30, 2026". */
export function describePeriod(from: string, to: string, fromPeriod: NamedPeriod | null): string {
  return `From ${formatDate(from)}${fromPeriod ? ` (${PERIOD_LABELS[fromPeriod].toLowerCase()})` : ''} to ${formatDate(to)}`;
}

/** A period the use case refused, in the form's words ("From", "To"); other refusals as they are worded. */
export function describePeriodRefusal(refusal: DomainError): string {
  const problem = refusal.details.fields?.[0] ?? { field: refusal.details.field, message: refusal.message };
  if (problem.field === 'query.from' && problem.message === 'Must be on or before "to".')
    return 'The “From” day must be on or before the “To” day.';
  if (problem.field === 'query.from') return `“From”: ${problem.message}`;
  if (problem.field === 'query.to') return `“To”: ${problem.message}`;
  return problem.message;
}
