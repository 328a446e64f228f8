import type { Queryable } from '@/lib/db';
import type { Aliased, Columns } from '@/lib/db/rows';
import { DomainError, invalidInput } from '@/lib/domain-error';
import { addYears, isMonthEnd, todayIso } from './dates';
import { historyRange, listSnapshotDays, resolveSnapshotDay } from './snapshot-days';
import { TIERS, type Tier } from './tiers';

/**
 * Retention over the 12 months to a month-end snapshot day (SPEC §11), as the snapshots recorded
 * it (insight_snapshot_retention): customer, line and premium retention, overall, by tier then
 * and by number of lines then. Only read here; private.record_retention computes the figures.
 */
export const LINE_COHORTS = ['1', '2', '3+'] as const;
export type LineCohort = (typeof LINE_COHORTS)[number];

/** How an agency's history is worded when it is missing: where to compute it. */
export const HOW_TO_BACKFILL =
  'An owner or admin can compute up to 36 months of month-end snapshots from policy dates: Compute history on the dashboard, or npm run insights:backfill -- --agency <slug>.';

export interface RetentionFigures {
  /** Customers in force on `since`, and of those, in force on `asOf`. */
  customersThen: number;
  customersRetained: number;
  /** (Customer, line of business) pairs in force on `since`, and of those, still in force on `asOf`. */
  linesThen: number;
  linesRetained: number;
  /** The cohort's annual premium on `since` and on `asOf` (lines added since included), exact decimals. */
  premiumThen: string;
  premiumNow: string;
  /** Retained ÷ then, rounded to 4 decimals ('0.6667'); null for an empty cohort. Premium may exceed 1. */
  customerRate: string | null;
  lineRate: string | null;
  premiumRate: string | null;
}

export type RetentionEmptyReason = 'no-history' | 'no-customers-a-year-before';

export interface Retention {
  /** The month-end the figures run to, and the day 12 months before it; null when there are none. */
  asOf: string | null;
  since: string | null;
  /** Every month-end with retention, newest first: what `asOf` may name. */
  available: string[];
  overall: RetentionFigures | null;
  /** Every tier (by the tier the customer had on `since`) and every line count, empty cohorts included. */
  byTier: ({ tier: Tier } & RetentionFigures)[];
  byLines: ({ lines: LineCohort } & RetentionFigures)[];
  /** Why there is nothing to show, and what to do about it (null when there are figures). */
  empty: { reason: RetentionEmptyReason; message: string } | null;
}

type CohortRow = Columns<'insight_snapshot_retention', 'cohort'> &
  Aliased<
    'insight_snapshot_retention',
    { customersThen: 'customers_then'; customersRetained: 'customers_retained'; linesThen: 'lines_then'; linesRetained: 'lines_retained' }
  > & {
    premiumThen: string;
    premiumNow: string;
    customerRate: string | null;
    lineRate: string | null;
    premiumRate: string | null;
    since: string;
  };

const EMPTY_COHORT: RetentionFigures = {
  customersThen: 0,
  customersRetained: 0,
  linesThen: 0,
  linesRetained: 0,
  premiumThen: '0.00',
  premiumNow: '0.00',
  customerRate: null,
  lineRate: null,
  premiumRate: null,
};

/** The month-ends with retention, newest first (one 'all' row each). */
async function retentionDays(tx: Queryable, agencyId: string): Promise<string[]> {
  const rows = await tx.query<Columns<'insight_snapshot_retention', 'as_of'>>(
    `select as_of from public.insight_snapshot_retention where agency_id = $1 and cohort = 'all' order by as_of desc`,
    [agencyId],
  );
  return rows.map((row) => row.as_of);
}

/** Whether the agency's snapshots reach a year back from today: less, and retention cannot exist yet. */
export const historyReachesYearBack = (earliestSnapshot: string | null | undefined, today = todayIso()): boolean =>
  earliestSnapshot != null && earliestSnapshot <= addYears(today, -1);

function availability(available: readonly string[]): string {
  return available.length === 0
    ? `There is no retention yet. ${HOW_TO_BACKFILL}`
    : `Retention is available as of month-ends from ${available.at(-1)} to ${available[0]}.`;
}

/**
 * Why a date names no retention, as a field error that says what is available: not a snapshot
 * day (the shared rule of snapshot-days.ts), not a month-end, or without a year of history before.
 */
async function refuseDay(tx: Queryable, agencyId: string, day: string, available: readonly string[], field: string): Promise<never> {
  const days = await listSnapshotDays(tx, agencyId);
  let reason: string;
  try {
    resolveSnapshotDay(days, day, field);
    if (!isMonthEnd(day)) {
      reason = `${day} is not a month-end: retention is recorded on month-end snapshots.`;
    } else if (!days.some((snapshot) => snapshot <= addYears(day, -1))) {
      reason = `There is no snapshot 12 months before ${day}: retention needs a year of history. ${historyRange(days)}`;
    } else {
      reason = `No customer was in force 12 months before ${day}.`;
    }
  } catch (error) {
    if (!(error instanceof DomainError) || !error.details.fields?.[0]) throw error;
    reason = error.details.fields[0].message;
  }
  throw invalidInput([{ field, message: `${reason} ${availability(available)}` }]);
}

async function emptyRetention(tx: Queryable, agencyId: string): Promise<Retention> {
  const [range] = await tx.query<{ earliest: string | null }>(
    'select min(as_of) as earliest from public.insight_refresh_days where agency_id = $1',
    [agencyId],
  );
  const reason: RetentionEmptyReason = historyReachesYearBack(range?.earliest) ? 'no-customers-a-year-before' : 'no-history';
  const message =
    reason === 'no-history'
      ? `Retention needs 12 months of history, and this agency's snapshots reach back less than that. ${HOW_TO_BACKFILL}`
      : 'No customer was in force 12 months before any month-end snapshot yet: retention shows once the book is a year old.';
  return { asOf: null, since: null, available: [], overall: null, byTier: [], byLines: [], empty: { reason, message } };
}

/**
 * Retention as of a month-end snapshot: `asOf` a date, or absent / 'month-end' for the latest
 * month-end with retention. A date without retention is a field error on `field` saying why and
 * what is available; an agency without any retention gets the empty state when no date is named.
 */
export async function readRetention(tx: Queryable, agencyId: string, asOf: string | undefined, field: string): Promise<Retention> {
  const available = await retentionDays(tx, agencyId);
  const named = asOf !== undefined && asOf !== 'month-end';
  if (named && !available.includes(asOf)) await refuseDay(tx, agencyId, asOf, available, field);
  const day = named ? asOf : available[0];
  if (day === undefined) return emptyRetention(tx, agencyId);

  const rows = await tx.query<CohortRow>(
    `select cohort, customers_then as "customersThen", customers_retained as "customersRetained", lines_then as "linesThen",
            lines_retained as "linesRetained", premium_then::text as "premiumThen", premium_now::text as "premiumNow",
            round(customers_retained::numeric / nullif(customers_then, 0), 4)::text as "customerRate",
            round(lines_retained::numeric / nullif(lines_then, 0), 4)::text as "lineRate",
            round(premium_now / nullif(premium_then, 0), 4)::text as "premiumRate",
            -- The same "12 months before" as private.record_retention (a month-end minus 12 months).
            (as_of - interval '12 months')::date::text as since
     from public.insight_snapshot_retention where agency_id = $1 and as_of = $2`,
    [agencyId, day],
  );
  const figures = new Map(rows.map(({ cohort, since: _since, ...figures }) => [cohort, figures]));
  const cohort = (name: string): RetentionFigures => figures.get(name) ?? EMPTY_COHORT;
  return {
    asOf: day,
    since: rows[0]!.since,
    available,
    overall: cohort('all'),
    byTier: TIERS.map((tier) => ({ tier, ...cohort(`tier:${tier}`) })),
    byLines: LINE_COHORTS.map((lines) => ({ lines, ...cohort(`lines:${lines}`) })),
    empty: null,
  };
}
