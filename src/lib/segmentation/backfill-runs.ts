import { asService, type Queryable } from '@/lib/db';
import type { Aliased, Narrowed } from '@/lib/db/rows';
import { DomainError } from '@/lib/domain-error';
import { logger } from '@/lib/observability/logger';
import { backfillAgency, MAX_HISTORY_MONTHS, rebuildHistory } from './backfill';
import { historyReachesYearBack } from './retention';

/**
 * "Compute history" (SPEC §11): the history backfill started from the dashboard, run in the
 * background of the server process that took the request, its progress kept in
 * history_backfill_runs for every member to read. One run at a time per agency; a run whose
 * process died (no heartbeat for STALE_AFTER_SECONDS) is marked interrupted and may be started
 * again. The months a run finished stay: the backfill skips them next time. A run may instead
 * recompute the whole history (`recompute`: backfill.ts, rebuildHistory).
 */
export const HEARTBEAT_SECONDS = 30;
/** Longer than any single month of the backfill takes at 1M customers, so a live run is never taken over. */
export const STALE_AFTER_SECONDS = 5 * 60;

export type BackfillRunStatus = 'running' | 'done' | 'failed' | 'interrupted';

/** `missing`: the month-ends not computed yet (the default); `recompute`: every month-end again, from the dates on file now. */
export const BACKFILL_MODES = ['missing', 'recompute'] as const;
export type BackfillMode = (typeof BACKFILL_MODES)[number];

export type BackfillRun = Narrowed<'history_backfill_runs', { status: BackfillRunStatus }> &
  Aliased<
    'history_backfill_runs',
    {
      id: 'id';
      monthsDone: 'months_done';
      monthsTotal: 'months_total';
      monthsComputed: 'months_computed';
      retentionDays: 'retention_days';
      startedAt: 'started_at';
      updatedAt: 'updated_at';
      finishedAt: 'finished_at';
      error: 'error';
    }
  >;

/** What the dashboard needs to decide whether to offer "Compute history", and the latest run. */
export interface HistoryState {
  run: BackfillRun | null;
  history: { earliest: string | null; latest: string | null; snapshotDays: number; reachesYearBack: boolean };
  hasCustomers: boolean;
  /** How many month-ends a run computes. */
  months: number;
}

// A running run without a heartbeat for STALE_AFTER_SECONDS is shown as what it is: interrupted.
const RUN_COLUMNS = `id, case when status = 'running' and updated_at < now() - make_interval(secs => ${STALE_AFTER_SECONDS})
    then 'interrupted' else status end as status,
  months_done as "monthsDone", months_total as "monthsTotal", months_computed as "monthsComputed",
  retention_days as "retentionDays", started_at as "startedAt", updated_at as "updatedAt", finished_at as "finishedAt", error`;

/** The agency's history and its latest run, as the caller may see them (RLS). */
export async function readHistoryState(tx: Queryable, agencyId: string): Promise<HistoryState> {
  const [row] = await tx.query<{ earliest: string | null; latest: string | null; days: number; hasCustomers: boolean }>(
    `select min(as_of) as earliest, max(as_of) as latest, count(*)::int as days,
            exists (select 1 from public.customers c where c.agency_id = $1) as "hasCustomers"
     from public.insight_refresh_days where agency_id = $1`,
    [agencyId],
  );
  const [run] = await tx.query<BackfillRun>(
    `select ${RUN_COLUMNS} from public.history_backfill_runs where agency_id = $1 order by started_at desc limit 1`,
    [agencyId],
  );
  const { earliest = null, latest = null, days = 0, hasCustomers = false } = row ?? {};
  return {
    run: run ?? null,
    history: { earliest, latest, snapshotDays: days, reachesYearBack: historyReachesYearBack(earliest) },
    hasCustomers,
    months: MAX_HISTORY_MONTHS,
  };
}

/** "12 of 36 months so far" — the words a refusal or a log line uses for a run's progress. */
export const describeProgress = (run: Pick<BackfillRun, 'monthsDone' | 'monthsTotal'>) =>
  `${run.monthsDone} of ${run.monthsTotal} months so far`;

/**
 * Claims the agency's run: marks a run whose process died as interrupted, then inserts a running
 * one unless another is running (the partial unique index decides, across replicas). Records the
 * start in the audit trail in the same transaction. Service role: the caller's permission
 * (insights:refresh) was checked by the use case.
 */
async function claimRun(agencyId: string, actorId: string, requestId: string, mode: BackfillMode): Promise<BackfillRun> {
  return asService(async (tx) => {
    await tx.query(
      `update public.history_backfill_runs
       set status = 'interrupted', finished_at = now(), error = 'The server running it stopped before it finished.'
       where agency_id = $1 and status = 'running' and updated_at < now() - make_interval(secs => $2)`,
      [agencyId, STALE_AFTER_SECONDS],
    );
    const [claimed] = await tx.query<BackfillRun>(
      `insert into public.history_backfill_runs (agency_id, started_by, months_total) values ($1, $2, $3)
       on conflict (agency_id) where status = 'running' do nothing
       returning ${RUN_COLUMNS}`,
      [agencyId, actorId, MAX_HISTORY_MONTHS],
    );
    if (!claimed) {
      const [running] = await tx.query<BackfillRun>(
        `select ${RUN_COLUMNS} from public.history_backfill_runs where agency_id = $1 and status = 'running'`,
        [agencyId],
      );
      throw new DomainError(
        'conflict',
        `The history is already being computed for this agency (${running ? describeProgress(running) : 'just finishing'}).`,
        { title: 'History is being computed', kind: 'backfill-running', facts: { run: running ?? null } },
      );
    }
    await tx.query(`insert into public.audit_events (agency_id, actor_id, action, details) values ($1, $2, 'history-backfill', $3)`, [
      agencyId,
      actorId,
      { runId: claimed.id, months: claimed.monthsTotal, mode, requestId },
    ]);
    return claimed;
  });
}

/** Moves a run on: its heartbeat (updated_at) and, when given, more columns (parameters from $2). */
const recordRun = (runId: string, assignments = '', values: (string | number)[] = []) =>
  asService((tx) =>
    tx.query(`update public.history_backfill_runs set updated_at = now()${assignments ? `, ${assignments}` : ''} where id = $1`, [
      runId,
      ...values,
    ]),
  );

const logWriteFailure = (runId: string) => (failure: unknown) =>
  logger.warn({ runId, err: { message: (failure as Error)?.message } }, 'could not record history backfill progress');

/** Runs in this process, so a test or a shutdown can wait for them. */
const inProcess = new Set<Promise<void>>();

/** Resolves when every run this process started has finished (or failed). */
export const settleBackgroundRuns = () => Promise.all([...inProcess]).then(() => undefined);

/**
 * The run itself, in the background: never rejects. Each month done moves the progress on; a
 * heartbeat keeps the run from looking dead while one long month computes. A failure is stored in
 * the words backfillAgency gave it (a raw database message only reaches the redacted log).
 */
async function execute(run: BackfillRun, agencyId: string, mode: BackfillMode): Promise<void> {
  const heartbeat = setInterval(() => {
    recordRun(run.id).catch(logWriteFailure(run.id));
  }, HEARTBEAT_SECONDS * 1000);
  heartbeat.unref();
  try {
    const outcome = await (mode === 'recompute' ? rebuildHistory : backfillAgency)(agencyId, {
      months: run.monthsTotal,
      onProgress: async ({ done }) => {
        await recordRun(run.id, 'months_done = $2', [done]).catch(logWriteFailure(run.id));
        // Embedded PGlite computes on the event loop: between months, the requests waiting get their turn.
        await new Promise((resolve) => setImmediate(resolve));
      },
    });
    await recordRun(run.id, `status = 'done', months_done = months_total, months_computed = $2, retention_days = $3, finished_at = now()`, [
      outcome.computed,
      outcome.retentionDays,
    ]);
  } catch (error) {
    const message =
      error instanceof DomainError
        ? error.message
        : 'The history could not be computed; the months done so far are kept. Try again shortly.';
    await recordRun(run.id, `status = 'failed', error = $2, finished_at = now()`, [message]).catch(logWriteFailure(run.id));
  } finally {
    clearInterval(heartbeat);
  }
}

/**
 * Starts the agency's history backfill in the background and returns its run at once (0 months
 * done). Refused when the agency has no customers (nothing to compute from) or a run is going.
 */
export async function startBackfillRun(
  agencyId: string,
  actor: { userId: string; requestId: string },
  mode: BackfillMode = 'missing',
): Promise<BackfillRun> {
  const [book] = await asService((tx) =>
    tx.query<{ hasCustomers: boolean }>('select exists (select 1 from public.customers where agency_id = $1) as "hasCustomers"', [
      agencyId,
    ]),
  );
  if (!book?.hasCustomers) {
    throw new DomainError('unprocessable', 'This agency has no customers yet: import its book first, then compute its history.', {
      title: 'Nothing to compute from',
      kind: 'no-customers',
    });
  }
  const run = await claimRun(agencyId, actor.userId, actor.requestId, mode);
  logger.info(
    { agencyId, runId: run.id, userId: actor.userId, requestId: actor.requestId, months: run.monthsTotal, mode },
    'history backfill started',
  );
  const running = execute(run, agencyId, mode);
  inProcess.add(running);
  void running.finally(() => inProcess.delete(running));
  return run;
}
