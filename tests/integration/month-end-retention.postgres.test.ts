import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { refreshAgency } from '@/lib/segmentation/refresh';
import { createSeededDatabase, type TestDatabase } from '../helpers/database';
import { DEMO_AGENCY_ID } from '../helpers/fixtures';

/**
 * A month-end's retention reads every customer's state a year before (20 s at a million
 * customers): it is recorded after the day's refresh, in a transaction of its own, so the
 * refresh's answer never waits on it when someone waits on the refresh (the Refresh button).
 * Shown with a second connection holding the retention table: the tiers come in regardless.
 */
const MONTH_END = '2026-06-30'; // the demo seed's day, with 36 months of history before it

describe('month-end retention after the refresh, on a PostgreSQL server', () => {
  let test: TestDatabase;
  let holder: pg.Client;

  const retentionRows = async () =>
    (
      await test.db.query<{ n: number }>('select count(*)::int as n from insight_snapshot_retention where agency_id = $1 and as_of = $2', [
        DEMO_AGENCY_ID,
        MONTH_END,
      ])
    )[0]!.n;
  /** Another session holds the retention table until release(): whoever writes it waits (reads go on). */
  async function holdRetentionTable() {
    await holder.query('begin');
    await holder.query('lock table public.insight_snapshot_retention in exclusive mode');
    return () => holder.query('rollback');
  }
  const settled = (promise: Promise<unknown>, ms: number) => Promise.race([promise.then(() => true), sleep(ms).then(() => false)]);

  beforeAll(async () => {
    test = await createSeededDatabase();
    holder = new pg.Client({ connectionString: test.url });
    await holder.connect();
  });
  afterAll(async () => {
    await holder?.end();
    await test?.drop();
  });
  beforeEach(async () => {
    expect(await retentionRows()).toBeGreaterThan(0);
    await test.db.query('delete from insight_snapshot_retention where agency_id = $1 and as_of = $2', [DEMO_AGENCY_ID, MONTH_END]);
  });

  it('answers a Refresh with the new tiers while the retention is still being recorded, which follows', async () => {
    const release = await holdRetentionTable();
    await test.db.query("update agency_insight_summaries set computed_at = now() - interval '1 day' where agency_id = $1", [
      DEMO_AGENCY_ID,
    ]);
    const refresh = refreshAgency(DEMO_AGENCY_ID, { mode: 'agency', asOf: MONTH_END, retention: 'background' }, test.db);
    expect(await settled(refresh, 15_000)).toBe(true);
    // The tiers are in: the figures were computed just now.
    const [summary] = await test.db.query<{ fresh: boolean }>(
      `select computed_at > now() - interval '1 minute' as fresh from agency_insight_summaries where agency_id = $1`,
      [DEMO_AGENCY_ID],
    );
    expect(summary!.fresh).toBe(true);
    expect(await retentionRows()).toBe(0);
    await release();
    // Then the month-end's retention is recorded by itself.
    for (let waited = 0; waited < 15_000 && (await retentionRows()) === 0; waited += 100) await sleep(100);
    expect(await retentionRows()).toBeGreaterThan(0);
  });

  it('returns with the retention recorded when the caller waits for it (the scheduler, the command line)', async () => {
    const release = await holdRetentionTable();
    const refresh = refreshAgency(DEMO_AGENCY_ID, { mode: 'agency', asOf: MONTH_END }, test.db);
    expect(await settled(refresh, 1_500)).toBe(false);
    await release();
    await refresh;
    expect(await retentionRows()).toBeGreaterThan(0);
  });
});
