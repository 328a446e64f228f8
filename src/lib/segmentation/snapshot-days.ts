import { z } from 'zod';
import type { Queryable } from '@/lib/db';
import type { Columns } from '@/lib/db/rows';
import { invalidInput } from '@/lib/domain-error';
import { addDays, addYears, monthEndBefore } from './dates';

/**
 * Snapshot days (SPEC §11): the days an agency has figures for (each refresh day and each
 * backfilled month-end). Every time feature names its days through here: a named period
 * ("30d", "month-end", "year") resolves to the latest snapshot on or before that point, counted
 * back from the agency's latest snapshot; a date must be a snapshot day. Anything else is a
 * field error naming what the history holds, never an empty picture.
 */
export const NAMED_PERIODS = ['30d', 'month-end', 'year'] as const;
export type NamedPeriod = (typeof NAMED_PERIODS)[number];
export const isNamedPeriod = (spec: string): spec is NamedPeriod => (NAMED_PERIODS as readonly string[]).includes(spec);

/** A named period in words, as a choice ("30 days ago") and within a sentence. */
export const PERIOD_LABELS: Record<NamedPeriod, string> = {
  '30d': '30 days ago',
  'month-end': 'Last month-end',
  year: 'Same day last year',
};

const IsoDate = z.iso.date();

/**
 * A query value naming a day: a named period or a date (YYYY-MM-DD). One check with one message
 * (a union would answer "last-week" with the date branch's "Invalid ISO date").
 */
export const SnapshotDaySpec = z
  .string()
  .refine((value) => isNamedPeriod(value) || IsoDate.safeParse(value).success, {
    error: `Use a date (YYYY-MM-DD) or one of ${NAMED_PERIODS.join(', ')}.`,
  })
  .meta({ description: `A snapshot day: a date (YYYY-MM-DD) or one of ${NAMED_PERIODS.map((name) => `\`${name}\``).join(', ')}.` });
export type SnapshotDaySpec = NamedPeriod | (string & {});

/**
 * The agency's snapshot days, newest first (at most a few years of daily refreshes). With
 * `withFigures`, only the days that kept their totals (insight_snapshot_totals): refresh days
 * recorded before snapshots kept figures have their customers' tiers but no totals, so a
 * comparison or a trend reading them would show zeros where there were customers.
 */
export async function listSnapshotDays(tx: Queryable, agencyId: string, options: { withFigures?: boolean } = {}): Promise<string[]> {
  const rows = await tx.query<Columns<'insight_refresh_days', 'as_of'>>(
    `select as_of from public.insight_refresh_days
     where agency_id = $1 ${options.withFigures ? 'and inactive_customers is not null' : ''}
     order by as_of desc limit 2000`,
    [agencyId],
  );
  return rows.map((row) => row.as_of);
}

/** The point a named period counts back to from the latest snapshot day. */
export function periodStart(period: NamedPeriod, latest: string): string {
  if (period === '30d') return addDays(latest, -30);
  // The end of the month before the latest snapshot's: on a month-end itself, still the one before (never the latest day).
  if (period === 'month-end') return monthEndBefore(latest, 1);
  return addYears(latest, -1);
}

/** The latest of `days` (newest first) on or before `point`, or null. */
export const latestOnOrBefore = (days: readonly string[], point: string): string | null => days.find((day) => day <= point) ?? null;

/** "the history holds snapshots from 2023-11-30 to 2026-11-30" (or that it holds none yet). */
export function historyRange(days: readonly string[]): string {
  return days.length === 0 ? 'There is no history yet.' : `The history holds snapshots from ${days.at(-1)} to ${days[0]}.`;
}

/**
 * The snapshot day a query value names, or null when a named period reaches before the history
 * (the caller shows its empty state). A date that is not a snapshot day is the caller's mistake:
 * an invalid-input error on `field`, saying what the history holds.
 */
export function resolveSnapshotDay(days: readonly string[], spec: SnapshotDaySpec, field: string): string | null {
  const latest = days[0];
  if (isNamedPeriod(spec)) {
    return latest === undefined ? null : latestOnOrBefore(days, periodStart(spec, latest));
  }
  if (!days.includes(spec)) {
    throw invalidInput([{ field, message: `No snapshot was taken on ${spec}. ${historyRange(days)}` }]);
  }
  return spec;
}

/** A period between two snapshot days as a query names it (tier movement, movers). */
export const PeriodQuery = z.object({ from: SnapshotDaySpec.optional(), to: SnapshotDaySpec.optional() });

export interface ResolvedPeriod {
  /** The agency's snapshot days, newest first. */
  days: string[];
  /** Null when there is no snapshot, or a named period reaches before the history. */
  from: string | null;
  to: string | null;
  /** The named period `from` stands for (given, or the default), for a page to say so; null for a date. */
  fromPeriod: NamedPeriod | null;
}

/** How far back `from` goes when the query names no start. */
const DEFAULT_SPAN_DAYS = 30;

/**
 * The period a query names. `to` defaults to the latest snapshot; `from` to the latest snapshot
 * 30 days or more before `to` or, with less history, the snapshot before `to` (`to` itself when
 * it is the only one). `from` after `to` is the caller's mistake, on `query.from`.
 */
export function resolvePeriod(days: string[], query: z.output<typeof PeriodQuery>): ResolvedPeriod {
  const to = query.to ? resolveSnapshotDay(days, query.to, 'query.to') : (days[0] ?? null);
  if (query.from) {
    const from = resolveSnapshotDay(days, query.from, 'query.from');
    if (from && to && from > to) throw invalidInput([{ field: 'query.from', message: 'Must be on or before "to".' }]);
    return { days, from, to, fromPeriod: isNamedPeriod(query.from) ? query.from : null };
  }
  if (!to) return { days, from: null, to, fromPeriod: null };
  const spanBack = latestOnOrBefore(days, addDays(to, -DEFAULT_SPAN_DAYS));
  // "30 days" only when it is what the latest snapshot's named period means too.
  const fromPeriod = spanBack && to === days[0] ? '30d' : null;
  return { days, from: spanBack ?? days.find((day) => day < to) ?? to, to, fromPeriod };
}
