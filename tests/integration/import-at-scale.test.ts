import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as commitRoute } from '@/app/api/customers/import/[jobId]/commit/route';
import { JOB_TRANSACTION_BOUNDS } from '@/lib/db/service-job';
import { commitImport } from '@/lib/import/commit';
import { bookExport } from '../../scripts/book-export';
import { createSeededDatabase, testBackend, type TestDatabase } from '../helpers/database';
import { DEMO_AGENCY_ID, resetRateLimits, SECOND_AGENCY_ID, USERS, userIdOf } from '../helpers/fixtures';
import { call, problemOf, signIn } from '../helpers/http';
import { csv, validate } from '../helpers/import';

/**
 * Imports at the sizes and in the situations that stalled them: a 200,000-row file into an
 * agency that already has a book, right after another import, with the planner's statistics as
 * stale as autovacuum can leave them; and (PostgreSQL) a commit whose process is killed while
 * its backend is busy, which used to hold the agency's import lock for minutes.
 */
type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Settles like `work`, or rejects once `seconds` have passed: a stall fails the test instead of hanging it. */
function within<T>(seconds: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${seconds} s`)), seconds * 1000);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

async function until(seconds: number, what: string, condition: () => Promise<boolean>) {
  const deadline = performance.now() + seconds * 1000;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(`${what} did not happen within ${seconds} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe(`imports at scale on ${testBackend()}`, () => {
  let test: TestDatabase;
  const postgres = testBackend() === 'postgres';

  beforeAll(async () => {
    test = await createSeededDatabase({ customers: 20 });
  });
  afterAll(() => test.drop());

  const bookSize = async (agencyId: string) =>
    (
      await test.db.query<{ customers: number; policies: number; insights: number }>(
        `select (select count(*)::int from customers where agency_id = $1) as customers,
                (select count(*)::int from policies where agency_id = $1) as policies,
                (select count(*)::int from customer_insights where agency_id = $1) as insights`,
        [agencyId],
      )
    )[0]!;

  // The embedded database runs a tenth of the size: the same plans, at its speed.
  const sizes = postgres ? { first: 50_000, second: 200_000, seconds: 120 } : { first: 5_000, second: 20_000, seconds: 60 };

  it(
    `imports ${sizes.second.toLocaleString('en-US')} rows into an agency that already has a book, right after another import, ` +
      `whatever the statistics said (commit and refresh within ${sizes.seconds} s; the timeout is 10 min)`,
    async () => {
      const agencyId = SECOND_AGENCY_ID;
      // The unluckiest moments autovacuum can pick: the whole database analyzed while the
      // agency has no book (the other agency's book is all the statistics know), then again
      // while the first file waits for its commit (the staged rows are all that file).
      await test.db.exec('analyze');
      const first = await validate(bookExport({ rows: sizes.first }), { db: test.db, agencyId });
      expect(first.job).toMatchObject({ status: 'validated', rowsValid: sizes.first, rowsInvalid: 0 });
      await test.db.exec('analyze');
      const firstCommit = await within(
        sizes.seconds,
        'the first commit',
        commitImport(first.job, { actorId: userIdOf(USERS.admin), db: test.db }),
      );
      expect(firstCommit.result!.refresh.status).toBe('ok');
      const firstCustomers = firstCommit.result!.customers.created;
      expect(await bookSize(agencyId)).toEqual({ customers: firstCustomers, policies: sizes.first, insights: firstCustomers });

      // Half of it the first book's customers again (other premiums, types, policy counts), half new.
      const second = await validate(bookExport({ rows: sizes.second, firstCustomer: Math.round(firstCustomers / 2), seed: 2 }), {
        db: test.db,
        agencyId,
      });
      expect(second.job).toMatchObject({ status: 'validated', rowsValid: sizes.second, rowsInvalid: 0 });
      const started = performance.now();
      const secondCommit = await within(
        sizes.seconds,
        'the commit into the non-empty agency',
        commitImport(second.job, { actorId: userIdOf(USERS.admin), db: test.db }),
      );
      const seconds = (performance.now() - started) / 1000;
      expect(seconds).toBeLessThan(sizes.seconds);
      const { customers, policies, refresh } = secondCommit.result!;
      expect(refresh.status).toBe('ok');
      // About half of the first book's customers come again; each is either changed or not.
      const again = firstCustomers - Math.round(firstCustomers / 2) + 1;
      expect(customers.updated + customers.unchanged).toBe(again);
      expect(customers.updated).toBeGreaterThan(again / 10);
      const after = await bookSize(agencyId);
      expect(after.customers).toBe(firstCustomers + customers.created);
      expect(after.policies).toBe(sizes.first + policies.created);
      expect(after.insights).toBe(after.customers);
    },
    600_000,
  );

  if (postgres) {
    it(
      'a commit whose process is killed mid-statement: the next import is refused at once saying since when, ' +
        `and within ${JOB_TRANSACTION_BOUNDS.clientConnectionCheckSeconds + 3} s the orphan is gone and imports go through`,
      async () => {
        const agencyId = DEMO_AGENCY_ID;
        const header = ['customer_id', 'policy_id', 'line_of_business', 'annual_premium', 'effective_date'];
        const killed = await validate(csv([header, ['KILL-1', 'KILL-P1', 'auto', '500', '2026-01-01']]), { db: test.db, agencyId });
        const next = await validate(csv([header, ['NEXT-1', 'NEXT-P1', 'home', '700', '2026-01-01']]), { db: test.db, agencyId });
        const admin = new pg.Client({ connectionString: test.url });
        await admin.connect();
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', path.join(import.meta.dirname, '../helpers/hung-commit.mts'), test.url!, agencyId, killed.job.id],
          { stdio: ['ignore', 'pipe', 'inherit'] },
        );
        try {
          const [line] = (await within(60, 'the child commit', once(createInterface({ input: child.stdout! }), 'line'))) as [string];
          const { pid } = JSON.parse(line) as { pid: number };
          // Killed while its backend runs a statement: the case a closed socket alone does not end.
          let since: Date | undefined;
          await until(10, 'the child commit stalling', async () => {
            const [backend] = (await admin.query('select query, xact_start from pg_stat_activity where pid = $1', [pid])).rows;
            since = backend?.xact_start;
            return Boolean(backend?.query?.includes('pg_sleep'));
          });
          child.kill('SIGKILL');
          await once(child, 'exit');
          const killedAt = performance.now();

          const refused = performance.now();
          await expect(
            within(5, 'the refusal', commitImport(next.job, { actorId: userIdOf(USERS.admin), db: test.db })),
          ).rejects.toMatchObject({ name: 'ImportInProgressError', since });
          expect(performance.now() - refused).toBeLessThan(2_000);
          await resetRateLimits(test.db);
          const response = await within(
            5,
            'the API refusal',
            call(commitRoute as Handler, {
              method: 'POST',
              path: `/api/customers/import/${next.job.id}/commit`,
              params: { jobId: next.job.id },
              cookie: await signIn(USERS.admin),
            }),
          );
          expect(response.status).toBe(409);
          const problem = await problemOf(response);
          const sinceText = `${since!.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
          expect(problem).toMatchObject({ title: 'Another import is running', since: since!.toISOString() });
          expect(problem.detail).toMatch(
            new RegExp(`^Another import into this agency is running since ${sinceText} \\(\\d+ s ago\\); nothing was imported\\.`),
          );

          // The orphan notices its client is gone at its next connection check, and rolls back.
          await until(JOB_TRANSACTION_BOUNDS.clientConnectionCheckSeconds + 3, 'the orphan ending', async () => {
            return (await admin.query('select 1 from pg_stat_activity where pid = $1', [pid])).rowCount === 0;
          });
          expect(performance.now() - killedAt).toBeLessThan((JOB_TRANSACTION_BOUNDS.clientConnectionCheckSeconds + 3) * 1000);
          const committed = await commitImport(next.job, { actorId: userIdOf(USERS.admin), db: test.db });
          expect(committed.result!.customers.created).toBe(1);
          // Nothing of the killed commit landed; it can still be committed.
          expect(await test.db.query(`select external_id from customers where external_id like 'KILL-%'`)).toEqual([]);
          const retried = await commitImport(killed.job, { actorId: userIdOf(USERS.admin), db: test.db });
          expect(retried.status).toBe('committed');
        } finally {
          child.kill('SIGKILL');
          await admin.end();
        }
      },
      120_000,
    );
  }
});
