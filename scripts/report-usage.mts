/**
 * npm run report:usage -- --week [--agency <slug>] [--weeks N] [--current] [--format table|json]
 * Dashboard views, refreshes (by source), exports and imports per agency and ISO week (Monday to
 * Sunday, UTC), from the app's own records (src/lib/usage/report.ts); no PII. The last complete
 * week unless told otherwise. Exits 2 for bad arguments (an unknown agency among them).
 */
import { parseArgs } from 'node:util';
import { asService } from '@/lib/db';
import { isDomainError } from '@/lib/domain-error';
import { todayIso } from '@/lib/segmentation/dates';
import { OUTREACH, reportWeeks, usageReport } from '@/lib/usage/report';
import { usageTable } from '@/lib/usage/report-table';
import { runScript } from './script-database';

const USAGE = 'npm run report:usage -- --week [--agency <slug>] [--weeks N] [--current] [--format table|json]';

const printUsage = (message: string) => console.error(`${message}\nUsage: ${USAGE}`);

function usage(message: string): never {
  printUsage(message);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      // The report's period: weeks are the only one it has, so --week may also be left out.
      week: { type: 'boolean', default: true },
      weeks: { type: 'string', default: '1' },
      current: { type: 'boolean', default: false },
      agency: { type: 'string' },
      format: { type: 'string', default: 'table' },
    },
  }));
} catch (error) {
  usage(error instanceof Error ? error.message : String(error));
}
if (values.format !== 'table' && values.format !== 'json') usage(`--format must be table or json, not "${values.format}".`);
if (values.agency !== undefined && !values.agency.trim()) usage('--agency needs an agency slug.');
let mondays: string[];
try {
  mondays = reportWeeks(todayIso(), { weeks: /^\d+$/.test(values.weeks) ? Number(values.weeks) : Number.NaN, current: values.current });
} catch (error) {
  usage(`--weeks: ${(error as Error).message}`);
}

await runScript(async (db) => {
  try {
    const report = await asService((tx) => usageReport(tx, mondays, values.agency), db);
    const to = report.at(-1)?.week.to ?? mondays.at(-1);
    console.log(`Usage from ${mondays[0]} to ${to}${values.current ? ` (this week so far, to ${todayIso()})` : ''}, UTC:`);
    if (values.format === 'json') console.log(JSON.stringify({ weeks: mondays, usage: report, outreach: OUTREACH }, null, 2));
    else console.log(usageTable(report));
  } catch (error) {
    if (!isDomainError(error, 'not-found')) throw error;
    // An unknown agency is a mistake in the command line; the database is still closed by runScript.
    printUsage(error.message);
    process.exitCode = 2;
  }
});
