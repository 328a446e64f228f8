import { Cron } from 'croner';
import { config, REFRESH_SCHEDULE_OPTIONS, type AppConfig } from '@/lib/config';
import { asService } from '@/lib/db';
import type { Aliased, Columns, Nullable } from '@/lib/db/rows';
import type { Membership } from '@/lib/tenancy/agencies';
import { roleHas } from '@/lib/tenancy/permissions';

/**
 * How fresh the dashboard's figures are, and when they are not, why (SPEC §11, §13: data
 * freshness < 26 h). Given with the summary (GET /api/analytics/segmentation, `freshness`) and
 * told on the dashboard by FreshnessBanner.
 */
export const STALE_AFTER_HOURS = 26;

/**
 * Why stale figures are stale, the first that applies:
 * - `last-run-failed`: the latest refresh of the agency (daily, cron, import or by hand) failed;
 * - `scheduler-off`: this deployment's in-app scheduler is off (REFRESH_SCHEDULER=off);
 * - `running`: today's daily run is under way;
 * - `no-run-yet`: the daily refresh has never run for this agency;
 * - `overdue`: it ran before, but not since (the app was not running at the scheduled time).
 */
export const STALE_REASONS = ['last-run-failed', 'scheduler-off', 'running', 'no-run-yet', 'overdue'] as const;
export type StaleReason = (typeof STALE_REASONS)[number];

export interface Freshness {
  /** Older than STALE_AFTER_HOURS, or a live book whose figures were never computed. */
  stale: boolean;
  computedAt: string | null;
  /** Whole hours since computedAt; null when never computed. */
  ageHours: number | null;
  staleAfterHours: number;
  /** Why, while stale; null while fresh. */
  reason: StaleReason | null;
  /**
   * The agency's latest refresh, when it failed: when, and the error it recorded (redacted when
   * recorded). The error is for owners and admins, like the job logs; null for other roles.
   */
  lastFailure: { at: string; error: string | null } | null;
  /** The agency's latest daily run: its day (UTC), outcome and when it ended (or began, while running). */
  lastScheduledRun: { day: string; status: 'running' | 'ok' | 'error'; at: string } | null;
  /** When this deployment's scheduler runs next; null while it is off. */
  nextScheduledRunAt: string | null;
}

type LatestRefresh = Columns<'application_logs', 'created_at'> & { status: 'ok' | 'error'; error: string | null };
type LatestRun = Columns<'scheduled_refresh_runs', 'run_day' | 'claimed_at' | 'finished_at'> & { status: 'running' | 'ok' | 'error' };

function reasonFor(facts: { failed: boolean; schedulerOn: boolean; lastRun: LatestRun | undefined }): StaleReason {
  if (facts.failed) return 'last-run-failed';
  if (!facts.schedulerOn) return 'scheduler-off';
  if (facts.lastRun?.status === 'running') return 'running';
  return facts.lastRun ? 'overdue' : 'no-run-yet';
}

/**
 * How old figures are at `now` (Infinity when never computed) and whether that is stale: the one
 * rule the dashboard's notice and the data-freshness SLO (src/lib/observability/slo) share.
 */
export function figuresAge(
  figures: { dataMode: 'live' | 'demo'; computedAt: string | null },
  now: Date,
): { ageMs: number; stale: boolean } {
  const ageMs = figures.computedAt === null ? Infinity : now.getTime() - Date.parse(figures.computedAt);
  // The illustrative book is scored on every view: never stale.
  return { ageMs, stale: figures.dataMode === 'live' && ageMs > STALE_AFTER_HOURS * 3_600_000 };
}

/**
 * Every agency with customers (a live book) and when its figures were computed (null: never), for
 * the data-freshness SLO: one statement over all agencies, as the service, since no user asks.
 */
export async function liveAgencyFigures(): Promise<(Omit<Membership, 'role'> & { computedAt: string | null })[]> {
  const rows = await asService((tx) =>
    tx.query<
      Aliased<'agencies', { agencyId: 'id' }> &
        Columns<'agencies', 'name' | 'slug'> &
        Nullable<Columns<'agency_insight_summaries', 'computed_at'>>
    >(
      `select a.id as "agencyId", a.name, a.slug, s.computed_at
       from public.agencies a left join public.agency_insight_summaries s on s.agency_id = a.id
       where exists (select 1 from public.customers c where c.agency_id = a.id)
       order by a.slug`,
    ),
  );
  return rows.map(({ computed_at, ...agency }) => ({ ...agency, computedAt: computed_at?.toISOString() ?? null }));
}

/**
 * The freshness of the figures the summary showed. The refresh records are the service's (the
 * run rows have no user access, the job logs are for owners and admins), so they are read as the
 * service, for this one agency, whose membership the caller's use case has checked.
 */
export async function getFreshness(
  agency: Membership,
  figures: { dataMode: 'live' | 'demo'; computedAt: string | null },
  options: { now?: Date; scheduler?: AppConfig['refreshScheduler'] } = {},
): Promise<Freshness> {
  const now = options.now ?? new Date();
  const scheduler = options.scheduler ?? config().refreshScheduler;
  const nextRun = scheduler.enabled ? new Cron(scheduler.schedule, REFRESH_SCHEDULE_OPTIONS).nextRun(now) : null;
  const { latestRefresh, lastRun } = await asService(async (tx) => {
    const [refresh] = await tx.query<LatestRefresh>(
      `select created_at, status, details ->> 'error' as error from public.application_logs
       where agency_id = $1 and job = 'insights-refresh' order by created_at desc, id desc limit 1`,
      [agency.agencyId],
    );
    const [run] = await tx.query<LatestRun>(
      `select run_day, status, claimed_at, finished_at from public.scheduled_refresh_runs
       where agency_id = $1 order by run_day desc limit 1`,
      [agency.agencyId],
    );
    return { latestRefresh: refresh, lastRun: run };
  });

  const { ageMs, stale } = figuresAge(figures, now);
  const failed = latestRefresh?.status === 'error';
  return {
    stale,
    computedAt: figures.computedAt,
    ageHours: Number.isFinite(ageMs) ? Math.max(0, Math.floor(ageMs / 3_600_000)) : null,
    staleAfterHours: STALE_AFTER_HOURS,
    reason: stale ? reasonFor({ failed, schedulerOn: scheduler.enabled, lastRun }) : null,
    lastFailure: failed
      ? {
          at: latestRefresh.created_at.toISOString(),
          error: roleHas(agency.role, 'insights:refresh') ? (latestRefresh.error ?? 'No error was recorded.') : null,
        }
      : null,
    lastScheduledRun: lastRun
      ? { day: lastRun.run_day, status: lastRun.status, at: (lastRun.finished_at ?? lastRun.claimed_at).toISOString() }
      : null,
    nextScheduledRunAt: nextRun?.toISOString() ?? null,
  };
}
