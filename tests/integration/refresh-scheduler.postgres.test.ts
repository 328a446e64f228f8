import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '@/lib/db/migrate';
import { DAILY_ATTEMPTS } from '@/lib/segmentation/daily-refresh';
import { todayIso } from '@/lib/segmentation';
import { createEmptyDatabase, type TestDatabase } from '../helpers/database';
import { commandEnv, PROJECT_ROOT, runNpmScript, stopProcess, waitForOutput } from '../helpers/processes';

/**
 * The in-app scheduler as it runs in production: app processes (the server's own start-up,
 * tests/helpers/app-start.mts) on one PostgreSQL server, ticking every second. However many
 * replicas tick, each agency is refreshed once a day; a failed agency is logged, recorded and
 * tried again at most DAILY_ATTEMPTS times; REFRESH_SCHEDULER=off runs nothing; a bad
 * REFRESH_SCHEDULE stops the start with one line; the cron service's command takes the same
 * claim; a process never starts a pass while its previous one runs.
 */
const EVERY_SECOND = '* * * * * *';
const AGENCIES = ['tick-1', 'tick-2', 'tick-3', 'tick-4', 'tick-5', 'tick-broken'];

interface App {
  child: ChildProcess;
  output(): string;
}

describe('the in-app refresh scheduler, in app processes on one PostgreSQL server', () => {
  let test: TestDatabase;
  const running: App[] = [];
  const day = todayIso();

  function startApp(env: Record<string, string>): App {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/app-start.mts'], {
      cwd: PROJECT_ROOT,
      env: commandEnv({ DATABASE_URL: test.url!, LOG_LEVEL: 'info', SEED_DEMO_DATA: 'false', ...env }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    const app = { child, output: () => output };
    running.push(app);
    return app;
  }
  const count = async (sql: string, params: string[] = []) => (await test.db.query<{ n: number }>(sql, params))[0]!.n;
  const runRows = () =>
    test.db.query<{ slug: string; status: string; attempts: number; claimed_by: string }>(
      `select a.slug, r.status, r.attempts, r.claimed_by from scheduled_refresh_runs r join agencies a on a.id = r.agency_id
       where r.run_day = $1 order by a.slug`,
      [day],
    );
  const refreshLogs = () =>
    test.db.query<{ slug: string; status: string; mode: string }>(
      `select a.slug, l.status, l.details ->> 'mode' as mode from application_logs l join agencies a on a.id = l.agency_id
       where l.job = 'insights-refresh' order by l.id`,
    );

  beforeAll(async () => {
    test = await createEmptyDatabase();
    await migrate(test.db);
  });
  afterEach(async () => {
    // Stopped by their pids, whatever the test's outcome.
    await Promise.all(running.splice(0).map((app) => stopProcess(app.child)));
  });
  afterAll(() => test?.drop());

  it('refuses to start with a REFRESH_SCHEDULE that is not a cron expression, in one line', async () => {
    const app = startApp({ REFRESH_SCHEDULE: 'every morning' });
    const [code] = (await once(app.child, 'close')) as [number | null];
    expect(code).toBe(1);
    const lines = app.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual({
      level: 'error',
      msg: 'the server cannot start',
      error: expect.stringContaining('REFRESH_SCHEDULE: "every morning" is not a cron expression'),
    });
  });

  it('runs nothing with REFRESH_SCHEDULER=off', async () => {
    await test.db.query(`insert into agencies (name, slug) values ('Quiet Agency', 'quiet')`);
    const app = startApp({ REFRESH_SCHEDULER: 'off', REFRESH_SCHEDULE: EVERY_SECOND });
    await waitForOutput(app.child, /in-app refresh scheduler is off/);
    // Three ticks' worth of time, had it been on.
    await sleep(3_500);
    expect(app.child.exitCode).toBeNull();
    expect(await count('select count(*)::int as n from scheduled_refresh_runs')).toBe(0);
    expect(await count(`select count(*)::int as n from application_logs where job = 'insights-refresh'`)).toBe(0);
    await test.db.query(`delete from agencies where slug = 'quiet'`);
  });

  it('refreshes each agency once a day with two app processes ticking every second', async () => {
    const [first, second] = [startApp({ REFRESH_SCHEDULE: EVERY_SECOND }), startApp({ REFRESH_SCHEDULE: EVERY_SECOND })];
    await Promise.all([first, second].map((app) => waitForOutput(app.child, /in-app refresh scheduler started/)));
    // The agencies arrive while both are ticking, so their next tick races for every claim.
    await test.db.transaction(async (tx) => {
      for (const slug of AGENCIES) await tx.query('insert into agencies (name, slug) values ($1, $1)', [slug]);
      // Rules no refresh can apply, as an older version or a bad restore might have left them.
      await tx.query(
        `insert into segmentation_settings (agency_id, rules, version) select id, '{"elite": "everyone"}', 7 from agencies where slug = 'tick-broken'`,
      );
    });

    // Until every agency's run is over and the broken one has had its attempts (bounded: 30 s).
    const settled = async () => {
      const rows = await runRows();
      return (
        rows.length === AGENCIES.length &&
        rows.every((row) => row.status !== 'running') &&
        (rows.find((row) => row.slug === 'tick-broken')?.attempts ?? 0) >= DAILY_ATTEMPTS
      );
    };
    for (let waited = 0; !(await settled()); waited += 250) {
      if (waited > 30_000) throw new Error(`not settled after 30 s: ${JSON.stringify(await runRows())}`);
      await sleep(250);
    }
    // A few more ticks of both processes change nothing.
    await sleep(3_500);
    expect([first, second].map((app) => app.child.exitCode)).toEqual([null, null]);
    const pids = [first, second].map((app) => `:${app.child.pid}`);
    await Promise.all(running.splice(0).map((app) => stopProcess(app.child)));

    const rows = await runRows();
    console.log('DISTRIBUTION', JSON.stringify(rows));
    expect(rows.map(({ slug, status, attempts }) => ({ slug, status, attempts }))).toEqual(
      AGENCIES.map((slug) =>
        slug === 'tick-broken' ? { slug, status: 'error', attempts: DAILY_ATTEMPTS } : { slug, status: 'ok', attempts: 1 },
      ),
    );
    for (const row of rows) expect(pids.some((pid) => row.claimed_by.endsWith(pid))).toBe(true);

    // Each agency refreshed exactly once (mode recent); the broken one failed once per attempt.
    const logs = await refreshLogs();
    for (const slug of AGENCIES.filter((slug) => slug !== 'tick-broken')) {
      expect(logs.filter((log) => log.slug === slug)).toEqual([{ slug, status: 'ok', mode: 'recent' }]);
    }
    expect(logs.filter((log) => log.slug === 'tick-broken')).toEqual(
      Array.from({ length: DAILY_ATTEMPTS }, () => ({ slug: 'tick-broken', status: 'error', mode: 'recent' })),
    );

    // Each failure is in the processes' logs, as one JSON line naming the agency.
    const [broken] = await test.db.query<{ id: string }>(`select id from agencies where slug = 'tick-broken'`);
    const failures = [first, second]
      .flatMap((app) => app.output().split('\n'))
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { msg: string; agencyId?: string; level: number })
      .filter((entry) => entry.msg === 'insights refresh failed');
    expect(failures).toHaveLength(DAILY_ATTEMPTS);
    expect(failures.every((entry) => entry.agencyId === broken!.id && entry.level === 50)).toBe(true);
  });

  it('npm run insights:refresh -- daily (the Railway cron service) takes the same claim: beside the scheduler, nothing runs twice', async () => {
    await test.db.query(`insert into agencies (name, slug) values ('Cron Only', 'cron-only')`);
    const env = { DATABASE_URL: test.url!, LOG_LEVEL: 'silent' };
    const first = await runNpmScript('insights:refresh', ['daily'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(new RegExp(`Daily refresh for ${day}: \\d+ refreshed, 0 failed, \\d+ already done or under way\\.`));
    const again = await runNpmScript('insights:refresh', ['daily'], env);
    expect(again.stdout).toMatch(new RegExp(`Daily refresh for ${day}: 0 refreshed, 0 failed, \\d+ already done or under way\\.`));
    expect((await refreshLogs()).filter((log) => log.slug === 'cron-only')).toEqual([{ slug: 'cron-only', status: 'ok', mode: 'recent' }]);
    expect((await runRows()).find((row) => row.slug === 'cron-only')).toMatchObject({ status: 'ok', attempts: 1 });
  });

  it('skips a tick while its own previous pass still runs, and finishes that pass once', async () => {
    const [slow] = await test.db.query<{ id: string }>(`insert into agencies (name, slug) values ('Slow', 'slow') returning id`);
    // The refresh waits for its agency's advisory lock: held here, the pass cannot finish.
    const holder = new pg.Client({ connectionString: test.url });
    await holder.connect();
    try {
      await holder.query(`select pg_advisory_lock(hashtext('customer_insights:' || $1))`, [slow!.id]);
      const app = startApp({ REFRESH_SCHEDULE: EVERY_SECOND });
      await waitForOutput(app.child, /in-app refresh scheduler started/);
      await sleep(3_500);
      await holder.query(`select pg_advisory_unlock(hashtext('customer_insights:' || $1))`, [slow!.id]);
      for (let waited = 0; (await runRows()).find((row) => row.slug === 'slow')?.status !== 'ok'; waited += 250) {
        if (waited > 30_000) throw new Error('the held pass did not finish within 30 s of the lock being released');
        await sleep(250);
      }
      const skipped = app
        .output()
        .split('\n')
        .filter((line) => line.includes('this tick is skipped'));
      expect(skipped.length).toBeGreaterThanOrEqual(2);
      expect((await refreshLogs()).filter((log) => log.slug === 'slow')).toEqual([{ slug: 'slow', status: 'ok', mode: 'recent' }]);
    } finally {
      await holder.end();
    }
  });
});
