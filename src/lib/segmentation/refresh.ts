import { asService, type Database, type Queryable } from '@/lib/db';
import { asServiceJob } from '@/lib/db/service-job';
import { DomainError } from '@/lib/domain-error';
import { logger } from '@/lib/observability/logger';
import { recordRefresh } from '@/lib/observability/metrics';
import { redact } from '@/lib/observability/redact';
import { refreshArguments, todayIso, type SegmentationPolicy } from '@/lib/segmentation';
import { recordPendingRetention } from './retention-recording';
import { loadAgencyRules } from './rules-store';

/**
 * The insights refresh (SPEC §5): rebuilds customer_insights and the per-agency aggregates in
 * SQL (private.refresh_agency_insights). Modes: full (every agency), recent (every agency, only
 * customers with a policy change in the last 90 days), agency (one agency). Each agency's run is
 * its own transaction, serialized per agency by an advisory lock, and its outcome is written to
 * application_logs (mode, rows, duration, error).
 */
export const REFRESH_MODES = ['full', 'recent', 'agency'] as const;
export type RefreshMode = (typeof REFRESH_MODES)[number];

/** One agency's finished refresh. */
export interface AgencyRefresh {
  agencyId: string;
  rows: number;
  durationMs: number;
}

/** One agency's line in a scheduled run's report: a failed agency does not stop the others. */
export type AgencyRefreshResult = AgencyRefresh & ({ status: 'ok' } | { status: 'error'; error: string });

/**
 * A refresh that did not complete: the agency's previous figures stand, the failure is logged and
 * recorded in application_logs, and trying again may well work.
 */
export class RefreshFailedError extends DomainError {
  constructor(
    readonly agencyId: string,
    readonly durationMs: number,
    /** The cause, redacted (database errors can quote values). */
    readonly cause: string,
  ) {
    super('unavailable', 'The tiers could not be recomputed just now; the previous figures still stand. Try again shortly.', {
      title: 'Refresh failed',
      kind: 'refresh-failed',
      retryAfterSeconds: 30,
    });
  }
}

const JOB = 'insights-refresh';
/** Its own job name: a failed retention is not a failed refresh (the figures' freshness reads JOB). */
const RETENTION_JOB = 'insights-retention';

async function writeLog(tx: Queryable, agencyId: string, status: 'ok' | 'error', details: Record<string, unknown>, job = JOB) {
  await tx.query('insert into public.application_logs (agency_id, job, status, details) values ($1, $2, $3, $4)', [
    agencyId,
    job,
    status,
    details,
  ]);
}

/**
 * Retention after a refresh (SPEC §11), in a transaction of its own: a month-end's reads every
 * customer's state a year before (9 s on PostgreSQL at a million customers), which the day's
 * refresh does not wait for. Any month-end still without it (its recording failed, or the process stopped first)
 * is recorded too, so a failure heals on the next refresh. Never throws: the tiers are in whatever
 * happens here; a failure is logged and recorded in application_logs.
 */
async function recordRetentionAfterRefresh(agencyId: string, asOf: string, db?: Database): Promise<void> {
  const startedAt = performance.now();
  try {
    const days = await recordPendingRetention(agencyId, db);
    if (days > 0) logger.info({ agencyId, asOf, days, durationMs: Math.round(performance.now() - startedAt) }, 'retention recorded');
  } catch (error) {
    const message = redact(error instanceof Error ? error.message : String(error));
    logger.error({ agencyId, asOf, err: { message } }, 'retention not recorded; the next refresh tries again');
    await asService((tx) => writeLog(tx, agencyId, 'error', { asOf, error: message }, RETENTION_JOB), db).catch(() => {});
  }
}

/**
 * The refresh itself, inside the caller's transaction (private.refresh_agency_insights with the
 * agency's rules and the product's constants): no log, no retention after it. Returns the number
 * of customer rows inserted or changed. refreshAgency wraps it; tests call it to see the statement
 * alone.
 */
export async function runRefreshStatement(
  tx: Queryable,
  agencyId: string,
  asOf: string,
  options: { onlyRecent: boolean; policy?: SegmentationPolicy },
): Promise<number> {
  const { rules, version } = await loadAgencyRules(tx, agencyId);
  const [result] = await tx.query<{ changed: number }>(
    // Tier arrays travel as text[]: PGlite serializes arrays only of types it knows.
    'select private.refresh_agency_insights($1, $2, $3, $4, $5, $6::text[]::public.customer_tier[], $7::text[]::public.customer_tier[], $8, $9) as changed',
    [agencyId, asOf, rules, version, options.onlyRecent, ...refreshArguments(options.policy)],
  );
  return result!.changed;
}

/**
 * Refreshes one agency, or throws RefreshFailedError. The service role acts here: the caller
 * (cron secret, or an owner/admin's API call) was checked before. Retention is recorded next (a
 * month-end's, and any still missing); `retention: 'background'` returns without waiting for it
 * (someone waiting on a Refresh button), otherwise it is recorded when this returns.
 * `restartHistory` forgets the agency's snapshots first, in the same transaction, and computes
 * every customer afresh: the start of "Recompute history" (backfill.ts, rebuildHistory).
 */
export async function refreshAgency(
  agencyId: string,
  /** `policy`: the product's constants unless a test passes others (policy.ts). */
  options: { mode: RefreshMode; asOf?: string; policy?: SegmentationPolicy; retention?: 'await' | 'background' } & (
    | { restartHistory?: false }
    // Only with a full refresh of the agency: every customer computed afresh.
    | { restartHistory: true; mode: 'agency' }
  ),
  db?: Database,
): Promise<AgencyRefresh> {
  const asOf = options.asOf ?? todayIso();
  const startedAt = performance.now();
  try {
    // A refresh of a million customers takes longer than a request may; it is a job.
    const rows = await asServiceJob(async (tx) => {
      if (options.restartHistory) await tx.query('select private.clear_agency_history($1)', [agencyId]);
      const changed = await runRefreshStatement(tx, agencyId, asOf, { onlyRecent: options.mode === 'recent', policy: options.policy });
      const durationMs = Math.round(performance.now() - startedAt);
      await writeLog(tx, agencyId, 'ok', {
        mode: options.mode,
        asOf,
        rows: changed,
        durationMs,
        ...(options.restartHistory ? { historyRestarted: true } : {}),
      });
      return changed;
    }, db);
    const elapsedMs = performance.now() - startedAt;
    recordRefresh(options.mode, 'ok', elapsedMs, rows);
    const recording = recordRetentionAfterRefresh(agencyId, asOf, db);
    if (options.retention !== 'background') await recording;
    return { agencyId, rows, durationMs: Math.round(elapsedMs) };
  } catch (error) {
    const elapsedMs = performance.now() - startedAt;
    recordRefresh(options.mode, 'error', elapsedMs, 0);
    const durationMs = Math.round(elapsedMs);
    // Database errors can quote the values they choke on: redacted before being logged or stored.
    const message = redact(error instanceof Error ? error.message : String(error));
    logger.error({ agencyId, mode: options.mode, err: { message } }, 'insights refresh failed');
    // The failed run rolled back; its outcome is recorded in a transaction of its own.
    await asService((tx) => writeLog(tx, agencyId, 'error', { mode: options.mode, asOf, rows: 0, durationMs, error: message }), db).catch(
      () => {},
    );
    throw new RefreshFailedError(agencyId, durationMs, message);
  }
}

export async function refreshCustomerInsights(options: {
  mode: RefreshMode;
  agencyId?: string;
  asOf?: string;
}): Promise<AgencyRefreshResult[]> {
  if (options.mode === 'agency' && !options.agencyId) {
    throw new DomainError('invalid', 'Mode "agency" needs the id of the agency to refresh.', { field: 'query.agency' });
  }
  const agencyIds = await asService(async (tx) =>
    (
      await tx.query<{ id: string }>('select id from public.agencies where $1::uuid is null or id = $1::uuid order by id', [
        options.agencyId ?? null,
      ])
    ).map((row) => row.id),
  );
  // An unknown agency is the caller's mistake, not a failed refresh: nothing runs, nothing is logged as failed.
  if (options.agencyId && agencyIds.length === 0)
    throw new DomainError('not-found', 'No agency with that id exists.', { subject: 'Agency' });
  const results: AgencyRefreshResult[] = [];
  for (const agencyId of agencyIds) {
    try {
      results.push({ ...(await refreshAgency(agencyId, options)), status: 'ok' });
    } catch (error) {
      if (!(error instanceof RefreshFailedError)) throw error;
      results.push({ agencyId, rows: 0, durationMs: error.durationMs, status: 'error', error: error.cause });
    }
  }
  return results;
}
