/**
 * npm run insights:refresh -- <full|recent|agency|daily> [agency id or slug]
 * Rebuilds customer insights and tier aggregates (the same job as the cron route), and records
 * each agency's run in application_logs. `daily` is the daily refresh as the in-app scheduler runs
 * it (mode recent, each agency claimed once a day in scheduled_refresh_runs), for a cron service:
 * running it beside the scheduler, or twice, refreshes no agency twice in a day.
 */
import { runDailyRefresh } from '@/lib/segmentation/daily-refresh';
import { REFRESH_MODES, refreshCustomerInsights, type RefreshMode } from '@/lib/segmentation/refresh';
import { runScript } from './script-database';

const [mode = 'full', agencyArgument] = process.argv.slice(2);
const MODES = [...REFRESH_MODES, 'daily'];
if (!MODES.includes(mode)) {
  console.error(`Unknown mode "${mode}". Use one of: ${MODES.join(', ')}.`);
  process.exit(2);
}
if (mode === 'agency' && !agencyArgument) {
  console.error('Mode "agency" needs an agency id or slug: npm run insights:refresh -- agency demo-agency');
  process.exit(2);
}
if (mode === 'daily' && agencyArgument) {
  console.error('Mode "daily" runs every agency not yet refreshed today; it takes no agency.');
  process.exit(2);
}

async function daily() {
  const report = await runDailyRefresh();
  for (const run of report.refreshed) console.log(`${run.agencyId}: ok, ${run.rows} customer rows changed in ${run.durationMs} ms`);
  for (const run of report.failed) console.log(`${run.agencyId}: error (${run.error})`);
  console.log(
    `Daily refresh for ${report.day}: ${report.refreshed.length} refreshed, ${report.failed.length} failed, ${report.alreadyClaimed} already done or under way.`,
  );
  if (report.failed.length) process.exitCode = 1;
}

await runScript(async (db) => {
  if (mode === 'daily') return daily();
  let agencyId: string | undefined;
  if (agencyArgument) {
    const [agency] = await db.query<{ id: string }>('select id from public.agencies where id::text = $1 or slug = $1', [agencyArgument]);
    if (!agency) {
      console.error(`No agency with id or slug "${agencyArgument}".`);
      process.exitCode = 2;
    }
    agencyId = agency?.id;
  }
  if (!agencyArgument || agencyId) {
    const results = await refreshCustomerInsights({ mode: mode as RefreshMode, agencyId });
    for (const result of results) {
      console.log(
        `${result.agencyId}: ${result.status}, ${result.rows} customer rows changed in ${result.durationMs} ms${result.status === 'error' ? ` (${result.error})` : ''}`,
      );
    }
    if (results.some((result) => result.status === 'error')) process.exitCode = 1;
  }
});
