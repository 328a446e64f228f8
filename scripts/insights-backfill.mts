/**
 * npm run insights:backfill -- --agency <slug or id> [--months 36] [--recompute]
 * Computes the agency's month-end snapshots from its policy dates (the dashboard's "Compute
 * history" button does the same), oldest first, printing each month. Months that are snapshot
 * days already are left as they are, so running it again changes nothing. --recompute forgets the
 * history first and computes every month-end again from the dates on file now (after an import
 * corrected past dates). Exit codes: 0 done, 1 failed (the months done so far are kept), 2 usage.
 */
import { parseArgs } from 'node:util';
import { backfillAgency, MAX_HISTORY_MONTHS, rebuildHistory } from '@/lib/segmentation/backfill';
import { runScript } from './script-database';

const USAGE = `Usage: npm run insights:backfill -- --agency <slug> [--months 1-${MAX_HISTORY_MONTHS}] [--recompute]`;

let values: { agency?: string; months?: string; recompute?: boolean };
try {
  ({ values } = parseArgs({ options: { agency: { type: 'string' }, months: { type: 'string' }, recompute: { type: 'boolean' } } }));
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
const months = values.months === undefined ? MAX_HISTORY_MONTHS : Number(values.months);
if (!values.agency || !Number.isInteger(months) || months < 1 || months > MAX_HISTORY_MONTHS) {
  console.error(!values.agency ? `Which agency? ${USAGE}` : `--months must be a whole number from 1 to ${MAX_HISTORY_MONTHS}. ${USAGE}`);
  process.exit(2);
}

const agencyArgument = values.agency;
await runScript(async (db) => {
  const [agency] = await db.query<{ id: string; name: string }>('select id, name from public.agencies where id::text = $1 or slug = $1', [
    agencyArgument,
  ]);
  if (!agency) {
    console.error(`No agency with id or slug "${agencyArgument}".`);
    process.exitCode = 2;
    return;
  }
  console.log(
    values.recompute
      ? `Forgetting the history of ${agency.name} and computing today's snapshot and ${months} month-ends again from policy dates…`
      : `Computing ${months} month-end snapshots of ${agency.name} from policy dates…`,
  );
  const outcome = await (values.recompute ? rebuildHistory : backfillAgency)(agency.id, {
    months,
    onProgress: ({ done, total, day, computed }) =>
      console.log(`  ${String(done).padStart(2)}/${total} ${day}: ${computed ? 'computed' : 'a snapshot already, left as it is'}`),
  });
  console.log(
    `Done in ${(outcome.durationMs / 1000).toFixed(1)} s: ${outcome.computed} months computed, retention figured for ${outcome.retentionDays} month-ends.`,
  );
});
