/**
 * npm run db:check [-- --max-age-hours 26] — sanity checks of the database (DATABASE_URL, else the
 * embedded one): tables and RLS, row counts, tier distribution, insights freshness, insights
 * premium against active policies, orphans. Exits 1 naming every failed check.
 */
import { parseArgs } from 'node:util';
import { asService } from '@/lib/db';
import { runDbChecks } from '@/lib/maintenance/db-check';
import { runScript } from './script-database';

const { values } = parseArgs({ options: { 'max-age-hours': { type: 'string', default: '26' } } });
const maxAgeHours = Number(values['max-age-hours']);
if (!Number.isFinite(maxAgeHours) || maxAgeHours <= 0) {
  console.error('--max-age-hours must be a positive number.');
  process.exit(2);
}

await runScript(async (db) => {
  // Read-only, across every agency: the service role, like the refresh job.
  const results = await asService((tx) => runDbChecks(tx, { maxAgeHours }), db);
  for (const result of results) console.log(`${result.ok ? '✓' : '✗'} ${result.name}: ${result.detail}`);
  const failed = results.filter((result) => !result.ok);
  if (failed.length) {
    console.error(`db:check failed: ${failed.map((result) => result.name).join(', ')}`);
    process.exitCode = 1;
  } else {
    console.log('db:check passed');
  }
});
