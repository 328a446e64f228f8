import { asService, type Database } from '@/lib/db';
import { asServiceJob } from '@/lib/db/service-job';
import type { Columns } from '@/lib/db/rows';
import { DomainError } from '@/lib/domain-error';
import { logger } from '@/lib/observability/logger';
import { redact } from '@/lib/observability/redact';
import { refreshArguments, todayIso, type SegmentationPolicy } from '@/lib/segmentation';
import { monthEndBefore } from './dates';
import { refreshAgency } from './refresh';
import { recordPendingRetention } from './retention-recording';
import { loadAgencyRules } from './rules-store';

/**
 * The history backfill (SPEC §11): month-end snapshots computed from policy dates, so an agency
 * sees its history on the day it arrives. Each month is its own transaction under the refresh's
 * lock (private.backfill_snapshot), oldest first; a month that is a snapshot day already is left
 * alone, so running it again, or beside the scheduled refresh, changes nothing. Afterwards every
 * month-end with 12 months of history before it gets its retention figures, all in one pass.
 */
export const MAX_HISTORY_MONTHS = 36;

export interface BackfillProgress {
  /** Months looked at so far, of `total`. */
  done: number;
  total: number;
  /** The month-end just handled, and whether it was computed now (false: it was a snapshot already). */
  day: string;
  computed: boolean;
}

export interface BackfillOutcome {
  months: number;
  computed: number;
  retentionDays: number;
  durationMs: number;
}

/** The month-ends of the `months` months before the month `today` is in, oldest first. */
export function backfillDays(months: number, today: string = todayIso()): string[] {
  return Array.from({ length: months }, (_, index) => monthEndBefore(today, months - index));
}

/**
 * One backfilled snapshot day. Returns the history rows written, or null when the day was a
 * snapshot already.
 */
export async function backfillMonthEnd(agencyId: string, day: string, db?: Database, policy?: SegmentationPolicy): Promise<number | null> {
  return asServiceJob(async (tx) => {
    const { rules, version } = await loadAgencyRules(tx, agencyId);
    const [tierOrder, valuedTiers, crossSellLineCount] = refreshArguments(policy);
    const [row] = await tx.query<{ written: number }>(
      // Tier arrays travel as text[]: PGlite serializes arrays only of types it knows.
      `select private.backfill_snapshot($1, $2, $3, $4, $5::text[]::public.customer_tier[], $6::text[]::public.customer_tier[], $7) as written`,
      [agencyId, day, rules, version, tierOrder, valuedTiers, crossSellLineCount],
    );
    return row!.written < 0 ? null : row!.written;
  }, db);
}

/**
 * The snapshot day after the newest backfilled month keeps only the rows that say something new:
 * an agency's first refresh wrote every customer's row, which the months before it now repeat.
 */
async function pruneSnapshotAfter(agencyId: string, day: string, db?: Database): Promise<void> {
  await asServiceJob(async (tx) => {
    const [next] = await tx.query<Columns<'insight_refresh_days', 'as_of'>>(
      'select min(as_of) as as_of from public.insight_refresh_days where agency_id = $1 and as_of > $2',
      [agencyId, day],
    );
    if (next?.as_of) await tx.query('select private.prune_repeated_history($1, $2)', [agencyId, next.as_of]);
  }, db);
}

export interface BackfillOptions {
  months?: number;
  today?: string;
  // onProgress may return a promise, awaited before the next month: a caller recording progress
  // somewhere, or letting the rest of its process run between months (embedded PGlite computes on
  // the event loop, so a backfill in a server process would otherwise hold every request until done).
  onProgress?: (progress: BackfillProgress) => void | Promise<void>;
}

function monthsAsked(options: BackfillOptions): number {
  const months = options.months ?? MAX_HISTORY_MONTHS;
  if (!Number.isInteger(months) || months < 1 || months > MAX_HISTORY_MONTHS) {
    throw new DomainError('invalid', `Months must be a whole number from 1 to ${MAX_HISTORY_MONTHS}.`, { field: 'months' });
  }
  return months;
}

/**
 * "Recompute history": the agency's snapshots forgotten and computed again from the policy dates
 * on file now. For after an import corrected past dates (a cancellation date added): the backfill
 * leaves the months it computed before as they are. First today's snapshot, by a full refresh that
 * starts the history afresh in the same transaction as the forgetting; then every month-end, as a
 * backfill computes them. The daily snapshots between month-ends are not recomputed (they recorded
 * the book as it was known on their day): comparisons with those days use the month-end before.
 */
export async function rebuildHistory(agencyId: string, options: BackfillOptions = {}, db?: Database): Promise<BackfillOutcome> {
  monthsAsked(options);
  // One day for both steps: a run that crosses midnight into a new month still computes every month.
  const today = options.today ?? todayIso();
  await refreshAgency(agencyId, { mode: 'agency', asOf: today, restartHistory: true }, db);
  return backfillAgency(agencyId, { ...options, today }, db);
}

export async function backfillAgency(agencyId: string, options: BackfillOptions = {}, db?: Database): Promise<BackfillOutcome> {
  const months = monthsAsked(options);
  const startedAt = performance.now();
  const days = backfillDays(months, options.today);
  let computed = 0;
  let newestComputed: string | null = null;
  try {
    for (const [index, day] of days.entries()) {
      const written = await backfillMonthEnd(agencyId, day, db);
      if (written !== null) {
        computed += 1;
        newestComputed = day;
      }
      await options.onProgress?.({ done: index + 1, total: days.length, day, computed: written !== null });
    }
    if (newestComputed) await pruneSnapshotAfter(agencyId, newestComputed, db);
    const retentionDays = await recordPendingRetention(agencyId, db);
    const outcome = { months, computed, retentionDays, durationMs: Math.round(performance.now() - startedAt) };
    await asService(
      (tx) =>
        tx.query(`insert into public.application_logs (agency_id, job, status, details) values ($1, 'insights-backfill', 'ok', $2)`, [
          agencyId,
          outcome,
        ]),
      db,
    );
    return outcome;
  } catch (error) {
    if (error instanceof DomainError) throw error;
    // Database errors can quote the values they choke on: redacted before being logged or stored.
    const message = redact(error instanceof Error ? error.message : String(error));
    logger.error({ agencyId, err: { message } }, 'history backfill failed');
    await asService(
      (tx) =>
        tx.query(`insert into public.application_logs (agency_id, job, status, details) values ($1, 'insights-backfill', 'error', $2)`, [
          agencyId,
          { months, computed, error: message },
        ]),
      db,
    ).catch(() => {});
    throw new DomainError(
      'unavailable',
      'The history could not be computed just now; the months done so far are kept. Try again shortly.',
      {
        title: 'Backfill failed',
        kind: 'backfill-failed',
        retryAfterSeconds: 30,
      },
    );
  }
}
