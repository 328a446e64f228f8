/**
 * A process that commits a validated import and stalls inside the commit, for the kill test
 * (tests/integration/import-at-scale.test.ts): after the customers step it prints its database
 * backend's pid as one JSON line, then runs a statement that lasts until the process is killed,
 * as the stalled `create temp table import_customers` did when the server was killed.
 *   node --import tsx tests/helpers/hung-commit.mts <database url> <agency id> <job id>
 */
import { installDatabase } from '@/lib/db';
import { createPostgresDatabase } from '@/lib/db/postgres';
import { commitImport } from '@/lib/import/commit';
import { importJobOr404 } from '@/lib/import/jobs';

const [url, agencyId, jobId] = process.argv.slice(2);
if (!url || !agencyId || !jobId) throw new Error('usage: hung-commit.mts <database url> <agency id> <job id>');
const db = createPostgresDatabase(url, { max: 2 });
installDatabase(db);
await commitImport(await importJobOr404(agencyId, jobId, db), {
  actorId: null,
  db,
  onStep: async (step, tx) => {
    if (step !== 'customers' || !tx) return;
    const [row] = await tx.query<{ pid: number }>('select pg_backend_pid() as pid');
    process.stdout.write(`${JSON.stringify({ pid: row!.pid })}\n`);
    await tx.query('select pg_sleep(3600)');
  },
});
