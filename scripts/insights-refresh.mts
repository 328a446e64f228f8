/**
 * npm run insights:refresh -- <full|recent|agency> [agency id or slug]
 * Rebuilds customer insights and tier aggregates (the same job as the cron route), and records
 * each agency's run in application_logs.
 */
import { REFRESH_MODES, refreshCustomerInsights, type RefreshMode } from '@/lib/segmentation/refresh';
import { runScript } from './script-database';

const [mode = 'full', agencyArgument] = process.argv.slice(2);
if (!(REFRESH_MODES as readonly string[]).includes(mode)) {
  console.error(`Unknown mode "${mode}". Use one of: ${REFRESH_MODES.join(', ')}.`);
  process.exit(2);
}
if (mode === 'agency' && !agencyArgument) {
  console.error('Mode "agency" needs an agency id or slug: npm run insights:refresh -- agency demo-agency');
  process.exit(2);
}

await runScript(async (db) => {
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
