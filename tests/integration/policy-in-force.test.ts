import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '@/lib/db/migrate';
import { addDays } from '@/lib/segmentation/dates';
import { inForceOn, type PolicyDates } from '@/lib/segmentation/in-force';
import { createEmptyDatabase, testBackend, type TestDatabase } from '../helpers/database';
import { PROJECT_ROOT } from '../helpers/processes';

/**
 * "In force on a day" (SPEC §11) is written once in SQL, public.policy_in_force_on: the state of
 * each customer on a day (private.customer_states_on) and the db:check premium check call it, so
 * they cannot drift apart. It agrees with the TypeScript twin, and the planner inlines it, so a
 * query calling it gets the plan of the expression written out (the policies' indexes still apply).
 */

/** The rule written out (`ends_on is null or … ends_on > …`): allowed only in the function itself. */
const WRITTEN_OUT = /ends_on\s+is\s+null\s+or\s+[\w."]*ends_on\s*>/i;
const SOURCES = ['src', 'scripts', 'supabase/schemas', 'tests'];
const THE_DEFINITION = 'supabase/schemas/functions/policy_in_force.sql';

async function sourceFiles(directory: string): Promise<string[]> {
  const entries = await readdir(path.join(PROJECT_ROOT, directory), { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const relative = path.join(directory, entry.name);
      if (entry.isDirectory()) return sourceFiles(relative);
      return Promise.resolve(/\.(sql|ts|tsx|mts|mjs)$/.test(entry.name) ? [relative] : []);
    }),
  );
  return nested.flat();
}

describe('the in-force rule is written once in SQL', () => {
  it('appears written out nowhere but in public.policy_in_force_on', async () => {
    const files = (await Promise.all(SOURCES.map(sourceFiles))).flat();
    expect(files.length).toBeGreaterThan(100);
    const writtenOut: string[] = [];
    for (const file of files) {
      if (file === THE_DEFINITION) continue;
      if (WRITTEN_OUT.test(await readFile(path.join(PROJECT_ROOT, file), 'utf8'))) writtenOut.push(file);
    }
    expect(writtenOut, 'call public.policy_in_force_on(effective_date, ends_on, day) instead').toEqual([]);
    expect(await readFile(path.join(PROJECT_ROOT, THE_DEFINITION), 'utf8')).toMatch(WRITTEN_OUT);
  });
});

describe(`public.policy_in_force_on on ${testBackend()}`, () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createEmptyDatabase();
    await migrate(test.db);
  });
  afterAll(() => test?.drop());

  const DAY_ZERO = '2026-06-30';
  const offsetDay = (offset: number | null) => (offset === null ? null : addDays(DAY_ZERO, offset));
  const caseArb = fc.record({
    status: fc.constantFrom('active', 'cancelled', 'expired') as fc.Arbitrary<PolicyDates['status']>,
    effective: fc.integer({ min: -5, max: 5 }),
    expiration: fc.option(fc.integer({ min: -5, max: 8 })),
    cancellation: fc.option(fc.integer({ min: -5, max: 8 })),
    expiredOn: fc.option(fc.integer({ min: -5, max: 8 })),
    day: fc.integer({ min: -6, max: 9 }),
  });

  it('agrees with the TypeScript rule (inForceOn) on every status, date and day, edges included', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(caseArb, { minLength: 1, maxLength: 200 }), async (cases) => {
        const policies = cases.map((c) => ({
          status: c.status,
          effectiveDate: offsetDay(c.effective)!,
          expirationDate: offsetDay(c.expiration),
          cancellationDate: offsetDay(c.cancellation),
          expiredOn: offsetDay(c.expiredOn),
          day: offsetDay(c.day)!,
        }));
        const rows = await test.db.query<{ in_force: boolean }>(
          `select public.policy_in_force_on(p.effective, public.policy_ends_on(p.status, p.effective, p.expiration, p.cancellation, p.expired_on), p.day) as in_force
           from json_to_recordset($1::json) as p (status public.policy_status, effective date, expiration date, cancellation date, expired_on date, day date, n int)
           order by p.n`,
          [
            JSON.stringify(
              policies.map((p, n) => ({
                n,
                status: p.status,
                effective: p.effectiveDate,
                expiration: p.expirationDate,
                cancellation: p.cancellationDate,
                expired_on: p.expiredOn,
                day: p.day,
              })),
            ),
          ],
        );
        expect(rows.map((row) => row.in_force)).toEqual(policies.map((policy) => inForceOn(policy, policy.day)));
      }),
      { numRuns: 25 },
    );
  });

  it('is inlined by the planner: the plan holds the expression, not a call of the function', async () => {
    const plan = await test.db.query<{ 'QUERY PLAN': string }>(
      `explain (verbose, costs off)
       select count(*) from public.policies
       where agency_id = '00000000-0000-4000-8000-000000000000' and public.policy_in_force_on(effective_date, ends_on, '2026-06-30'::date)`,
    );
    const text = plan.map((row) => row['QUERY PLAN']).join('\n');
    expect(text).toMatch(/ends_on IS NULL/);
    expect(text).not.toMatch(/policy_in_force_on/);
  });
});
