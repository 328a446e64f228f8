import { hostname } from 'node:os';
import { asService, type Database, type Queryable } from '@/lib/db';
import { logger } from '@/lib/observability/logger';
import { redact } from '@/lib/observability/redact';
import { todayIso } from '@/lib/segmentation';
import { refreshAgency, RefreshFailedError } from './refresh';

/**
 * The daily refresh (SPEC §11): every agency's figures recomputed once a day, mode `recent`,
 * whoever runs it: the in-app scheduler of every replica (src/lib/startup/refresh-scheduler.ts)
 * and `npm run insights:refresh -- daily` (a cron service). Each agency's run is claimed first by
 * inserting its row in public.scheduled_refresh_runs for the day; only the runner whose insert
 * wins refreshes it, so any number of runners refresh each agency once a day. A failed agency
 * does not stop the others: its failure is logged (by the refresh) and recorded on its run row.
 */

/**
 * A claim older than this is taken over: its runner died mid-run. A refresh statement is bounded
 * at 10 minutes (JOB_TRANSACTION_BOUNDS), so a live runner never holds a claim this long; and a
 * taken-over refresh still waiting on its agency's advisory lock cannot run alongside the first.
 */
export const STALE_CLAIM_MINUTES = 30;
/** A failed agency is tried again at the schedule's next tick the same day, this many times in all. */
export const DAILY_ATTEMPTS = 3;

/**
 * Run rows kept per agency, in days before the day claimed. The freshness banner reads only the
 * latest; 90 days let the engineer on call see a season of runs (when failures began, which
 * replica ran). Older rows are deleted when an agency's day is first claimed, so the table holds
 * about 90 rows per agency instead of growing by one per agency every day.
 */
export const RUN_HISTORY_DAYS = 90;

/** What one pass over the agencies did (for the log line and the CLI). */
export interface DailyRefreshReport {
  day: string;
  refreshed: { agencyId: string; rows: number; durationMs: number }[];
  failed: { agencyId: string; error: string }[];
  /** Agencies another runner (or an earlier tick) has already done, or is doing, today. */
  alreadyClaimed: number;
}

/** A claimed run: the claimant and its attempt number are its token. */
type Run = { agencyId: string; day: string; runner: string; attempts: number };
type Outcome = { status: 'ok'; rows: number; durationMs: number } | { status: 'error'; error: string };

/** This process, as its run rows name it: enough for the engineer on call to find the replica. */
export const RUNNER_NAME = `${hostname()}:${process.pid}`.slice(0, 200);

/**
 * Claims the agency's run for the day: a new row, or a stale or failed one taken over. The insert
 * (or the guarded update, which re-checks the row after waiting for a concurrent claimant) is
 * atomic, so of runners racing for one agency exactly one gets the attempt number back.
 */
async function claimRun(tx: Queryable, agencyId: string, day: string, runner: string): Promise<number | null> {
  const [claim] = await tx.query<{ attempts: number }>(
    `insert into public.scheduled_refresh_runs as run (agency_id, run_day, status, claimed_by)
     values ($1, $2, 'running', $3)
     on conflict (agency_id, run_day) do update
       set status = 'running', claimed_by = excluded.claimed_by, claimed_at = now(), finished_at = null, error = null,
           attempts = run.attempts + 1
       where (run.status = 'running' and run.claimed_at < now() - make_interval(mins => $4))
          or (run.status = 'error' and run.attempts < $5)
     returning run.attempts`,
    [agencyId, day, runner, STALE_CLAIM_MINUTES, DAILY_ATTEMPTS],
  );
  return claim?.attempts ?? null;
}

/** Deletes the agency's run rows more than RUN_HISTORY_DAYS before `day`. */
async function pruneRuns(tx: Queryable, agencyId: string, day: string): Promise<void> {
  await tx.query('delete from public.scheduled_refresh_runs where agency_id = $1 and run_day < $2::date - $3::int', [
    agencyId,
    day,
    RUN_HISTORY_DAYS,
  ]);
}

/** Records the outcome, unless another runner has taken the claim over meanwhile (then it is theirs to record). */
async function finishRun(tx: Queryable, run: Run, outcome: { status: 'ok' } | { status: 'error'; error: string }) {
  await tx.query(
    `update public.scheduled_refresh_runs set status = $5, finished_at = now(), error = $6
     where agency_id = $1 and run_day = $2 and claimed_by = $3 and attempts = $4 and status = 'running'`,
    [run.agencyId, run.day, run.runner, run.attempts, outcome.status, outcome.status === 'error' ? outcome.error.slice(0, 2000) : null],
  );
}

const messageOf = (error: unknown) => redact(error instanceof Error ? error.message : String(error));

/** Refreshes a claimed agency and records how it went. */
async function refreshClaimed(run: Run, db: Database | undefined): Promise<Outcome> {
  try {
    const { rows, durationMs } = await refreshAgency(run.agencyId, { mode: 'recent', asOf: run.day }, db);
    await asService((tx) => finishRun(tx, run, { status: 'ok' }), db);
    return { status: 'ok', rows, durationMs };
  } catch (error) {
    // The refresh logged its own failure (already redacted); anything else is logged here.
    const message = error instanceof RefreshFailedError ? error.cause : messageOf(error);
    if (!(error instanceof RefreshFailedError))
      logger.error({ agencyId: run.agencyId, day: run.day, err: { message } }, 'daily refresh failed');
    await asService((tx) => finishRun(tx, run, { status: 'error', error: message }), db);
    return { status: 'error', error: message };
  }
}

/** One pass: every agency not yet refreshed today is claimed and refreshed, one after another. */
export async function runDailyRefresh(options: { day?: string; runner?: string; db?: Database } = {}): Promise<DailyRefreshReport> {
  const { db, runner = RUNNER_NAME } = options;
  const day = options.day ?? todayIso();
  const report: DailyRefreshReport = { day, refreshed: [], failed: [], alreadyClaimed: 0 };
  const agencyIds = await asService(
    async (tx) => (await tx.query<{ id: string }>('select id from public.agencies order by id')).map((row) => row.id),
    db,
  );
  for (const agencyId of agencyIds) {
    try {
      const attempts = await asService(async (tx) => {
        const claimed = await claimRun(tx, agencyId, day, runner);
        // The day's first claim (one per agency a day, whichever runner wins it) clears old runs.
        if (claimed === 1) await pruneRuns(tx, agencyId, day);
        return claimed;
      }, db);
      if (attempts === null) {
        report.alreadyClaimed += 1;
        continue;
      }
      const outcome = await refreshClaimed({ agencyId, day, runner, attempts }, db);
      if (outcome.status === 'ok') report.refreshed.push({ agencyId, rows: outcome.rows, durationMs: outcome.durationMs });
      else report.failed.push({ agencyId, error: outcome.error });
    } catch (error) {
      // The run row could not be written (the database gone): a claim left behind goes stale and is taken over.
      const message = messageOf(error);
      logger.error({ agencyId, day, err: { message } }, 'daily refresh could not claim or record its run');
      report.failed.push({ agencyId, error: message });
    }
  }
  const summary = { day, refreshed: report.refreshed.length, failed: report.failed.length, alreadyClaimed: report.alreadyClaimed };
  // A frequent schedule finds everything done on most ticks: only a pass that did something is news.
  if (report.refreshed.length || report.failed.length) logger.info(summary, 'daily refresh pass finished');
  else logger.debug(summary, 'daily refresh pass found nothing to do');
  return report;
}
