/**
 * The in-app scheduler of the daily refresh (SPEC §11): every replica of the app runs it, and the
 * run rows' claim (src/lib/segmentation/daily-refresh.ts) makes each agency's refresh happen once
 * a day however many replicas tick. croner reads REFRESH_SCHEDULE (in UTC) and, with `protect`,
 * skips a tick while this process's previous pass is still running, so passes never overlap here.
 * REFRESH_SCHEDULER=off leaves it to a cron service (docs/DEPLOYMENT.md).
 */
import { Cron } from 'croner';
import { prepareDefaultMovers } from '@/lib/customers/use-cases/movers';
import { config, REFRESH_SCHEDULE_OPTIONS, type AppConfig } from '@/lib/config';
import { logger } from '@/lib/observability/logger';
import { redact } from '@/lib/observability/redact';
import { runDailyRefresh } from '@/lib/segmentation/daily-refresh';

// One scheduler per process, even if start-up runs twice (the dev server reloads instrumentation).
const holderKey = Symbol.for('customer-segmentation.refresh-scheduler');
type Holder = { job?: Cron };
const holder: Holder = ((globalThis as Record<symbol, Holder>)[holderKey] ??= {});

/** Starts the scheduler unless it is off; the job, or null. */
export function startRefreshScheduler(settings: AppConfig['refreshScheduler'] = config().refreshScheduler): Cron | null {
  if (!settings.enabled) {
    logger.info({ scheduler: 'off' }, 'in-app refresh scheduler is off (REFRESH_SCHEDULER=off)');
    return null;
  }
  if (holder.job) return holder.job;
  const { schedule } = settings;
  const job = new Cron(
    schedule,
    {
      ...REFRESH_SCHEDULE_OPTIONS,
      protect: () => logger.warn({ schedule }, 'daily refresh still running from the previous tick; this tick is skipped'),
    },
    async () => {
      // A pass fails as a whole only when it cannot list the agencies (the database is down); the next tick tries again.
      const report = await runDailyRefresh().catch((error: unknown) =>
        logger.error(
          { schedule, err: { message: redact(error instanceof Error ? error.message : String(error)) } },
          'daily refresh pass failed',
        ),
      );
      // Within the pass (croner's protect), so preparing never overlaps the next one.
      for (const { agencyId } of report?.refreshed ?? []) await prepareDefaultMovers(agencyId);
    },
  );
  holder.job = job;
  logger.info({ schedule, nextRunAt: job.nextRun()?.toISOString() ?? null }, 'in-app refresh scheduler started');
  return job;
}
