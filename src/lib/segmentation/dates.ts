/** Calendar arithmetic on 'YYYY-MM-DD' strings in UTC, so results never depend on the server's zone. */
export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/**
 * The same day `years` years on (or back). Feb 29 in a year without one is Feb 28, the month's
 * last day, as date-fns and PostgreSQL (`date - interval '12 months'`, used by the retention SQL)
 * count: a year before 2028-02-29 is 2027-02-28, and a policy effective on a leap day expires on
 * Feb 28 the year after, never on Mar 1.
 */
export function addYears(isoDate: string, years: number): string {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  const target = year + years;
  // Day 0 of the next month is the month's last day (UTC, four-digit years).
  const lastDay = new Date(Date.UTC(target, month, 0)).getUTCDate();
  return new Date(Date.UTC(target, month - 1, Math.min(day, lastDay))).toISOString().slice(0, 10);
}

export function todayIso(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** The last day of the month `months` months before the month `isoDate` is in. */
export function monthEndBefore(isoDate: string, months: number): string {
  const [year, month] = isoDate.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, month - months, 0)).toISOString().slice(0, 10);
}

/**
 * Whether the day is its month's last: the days retention is recorded for (SPEC §11). The SQL
 * side asks the same question as `extract(day from as_of + 1) = 1`.
 */
export function isMonthEnd(isoDate: string): boolean {
  return addDays(isoDate, 1).endsWith('-01');
}
