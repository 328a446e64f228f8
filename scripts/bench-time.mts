/**
 * npm run bench:time — the time features (SPEC §11) at scale: one agency of 1M customers (BENCH_TIME_SIZES
 * to change) whose policies start, end and are cancelled over four years, on the PostgreSQL server
 * (BENCH_DATABASE_URL, or a throwaway one started by the npm script) and on PGlite
 * (BENCH_BACKENDS=postgres limits the backends). Measures: the backfill of 36 month-end snapshots,
 * the next day's refresh after 1% of policies changed, the storage the history takes per snapshot,
 * and p50/p95 of the comparison summary, trends, the movers' first page and retention through
 * their route handlers. Writes the bench:time section of docs/PERFORMANCE.md.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { startEmbeddedSession } from '@/lib/auth/session-store';
import { installDatabase, type Database } from '@/lib/db';
import { migrate } from '@/lib/db/migrate';
import { backfillAgency, MAX_HISTORY_MONTHS } from '@/lib/segmentation/backfill';
import { addDays, todayIso } from '@/lib/segmentation/dates';
import { refreshAgency } from '@/lib/segmentation/refresh';
import { openBenchBackend, percentile } from './bench-shared';
import { writePerformanceSection } from './performance-doc';

if (!process.env.SESSION_SECRET) throw new Error('Run through `npm run bench:time` (it sets a SESSION_SECRET).');

const SIZES = (process.env.BENCH_TIME_SIZES ?? '1000000').split(',').map(Number);
const BACKENDS = (process.env.BENCH_BACKENDS ?? 'postgres,pglite').split(',');
const CALLS = Number(process.env.BENCH_TIME_CALLS ?? 100);
const AGENCY = 'b1000000-0000-4000-8000-000000000001';
// Reads are limited to 120 a minute per user: the timed calls are spread over users.
const USERS = Array.from({ length: 8 }, (_, i) => `b1000000-0000-4000-8000-0000000000${(0xa1 + i).toString(16)}`);
const TODAY = todayIso();

type Handler = (request: Request) => Promise<Response>;
/** The routes timed, by what a dashboard visit asks for. */
const QUERIES: { name: string; path: string; route: () => Promise<{ GET: unknown }> }[] = [
  {
    name: 'comparison summary',
    path: '/api/analytics/segmentation?compareTo=year',
    route: () => import('@/app/api/analytics/segmentation/route'),
  },
  {
    name: 'trends (36 months)',
    path: '/api/analytics/segmentation/trends?months=36',
    route: () => import('@/app/api/analytics/segmentation/trends/route'),
  },
  {
    name: 'movers, first page',
    path: '/api/analytics/segmentation/movers?direction=down',
    route: () => import('@/app/api/analytics/segmentation/movers/route'),
  },
  {
    name: 'retention',
    path: '/api/analytics/segmentation/retention',
    route: () => import('@/app/api/analytics/segmentation/retention/route'),
  },
];

const since = (start: number) => (performance.now() - start) / 1000;

/**
 * A deterministic book inside the database: 1–4 policies per customer (about 2.4), starting over
 * the last four years; 18% cancelled on a day between their start and today, the others renewing
 * on their anniversary. About 6% of customers change state in a month.
 */
async function loadBook(db: Database, customers: number): Promise<number> {
  await db.exec(
    'truncate customers, policies, contacts, customer_insights, customer_segment_totals, agency_insight_summaries, customer_tier_history, insight_refresh_days cascade',
  );
  await db.query(
    `insert into customers (agency_id, external_id) select $1, 'C' || lpad(n::text, 8, '0') from generate_series(1, $2) as n`,
    [AGENCY, customers],
  );
  await db.query(
    `insert into policies (agency_id, customer_id, external_id, line_of_business, annual_premium, effective_date, expiration_date, status,
       cancellation_date)
     select agency_id, id, policy, line, premium, effective, case when cancelled then null else effective + 365 * (1 + ($2::date - effective) / 365) end,
            case when cancelled then 'cancelled' else 'active' end::policy_status,
            case when cancelled then effective + 1 + abs(hashtext(policy || 'c')) % greatest(1, $2::date - effective) end
     from (
       select c.agency_id, c.id, c.external_id || '-' || k as policy,
              (array['Personal Auto','Homeowners','Renters','Umbrella','Life','BOP','Workers Comp','Boat'])[1 + ((hashtext(c.external_id) + k) & 7)] as line,
              round((exp(7.2 + 0.6 * sqrt(-2 * ln(1 - (abs(hashtext(c.external_id || k || 'p')) % 99989 + 1) / 99991.0))
                     * cos(2 * pi() * (abs(hashtext(c.external_id || k || 'q')) % 99991) / 99991.0)))::numeric, 2) as premium,
              $2::date - abs(hashtext(c.external_id || k)) % 1460 as effective,
              abs(hashtext(c.external_id || k || 's')) % 100 < 18 as cancelled
       from customers c
       cross join lateral generate_series(1, 1 + (abs(hashtext(c.external_id)) % 3) + (case when abs(hashtext(c.external_id)) % 5 = 0 then 1 else 0 end)) as k
       where c.agency_id = $1
     ) generated`,
    [AGENCY, TODAY],
  );
  // The book as an import left it two days ago: the day's refresh looks for what changed since the
  // last one (with an hour's margin), as it would a day later in production.
  await db.query(
    `update customers set created_at = now() - interval '2 days', updated_at = now() - interval '2 days' where agency_id = $1`,
    [AGENCY],
  );
  await db.query(
    `update policies set created_at = now() - interval '2 days', updated_at = now() - interval '2 days' where agency_id = $1`,
    [AGENCY],
  );
  await db.exec('vacuum analyze');
  const [row] = await db.query<{ n: number }>('select count(*)::int as n from policies where agency_id = $1', [AGENCY]);
  return row!.n;
}

/** A route's timings in ms: the first call (nothing computed or kept yet), and p50/p95 over all calls. */
type RouteTiming = { p50: number; p95: number; first?: number };

async function timeRoutes(db: Database): Promise<Record<string, RouteTiming | null>> {
  const cookies = await Promise.all(
    USERS.map(async (id) => `cs-session=${await startEmbeddedSession({ id, email: `${id}@benchmark.test` })}`),
  );
  const results: Record<string, RouteTiming | null> = {};
  for (const query of QUERIES) {
    let handler: Handler;
    try {
      handler = (await query.route()).GET as Handler;
    } catch {
      results[query.name] = null; // not built yet
      continue;
    }
    await db.query('delete from private.rate_limit_buckets');
    const times: number[] = [];
    for (let i = 0; i < CALLS; i += 1) {
      const cookie = cookies[Math.floor(i / 100) % cookies.length]!;
      const start = performance.now();
      const response = await handler(new Request(`http://localhost${query.path}`, { headers: { cookie } }));
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${query.path} answered ${response.status}`);
      times.push(performance.now() - start);
    }
    results[query.name] = { p50: percentile(times, 50), p95: percentile(times, 95), first: times[0] };
  }
  return results;
}

/** The next day: 1% of policies were rewritten by an import (new premiums), then that day's refresh. */
async function timeDailyRefresh(db: Database, day: string) {
  const [changed] = await db.query<{ n: number }>(
    `with touched as (update policies set annual_premium = annual_premium + 1, updated_at = now()
                      where agency_id = $1 and abs(hashtext(external_id || 'd')) % 100 = 7 returning 1)
     select count(*)::int as n from touched`,
    [AGENCY],
  );
  const start = performance.now();
  const daily = await refreshAgency(AGENCY, { mode: 'recent', asOf: day }, db);
  const dailyRefreshSeconds = since(start);
  console.log(`daily refresh of ${day}: ${dailyRefreshSeconds.toFixed(2)} s (${daily.rows} customers changed)`);
  return { changedPolicies: changed!.n, dailyRefreshSeconds, dailyRefreshRows: daily.rows };
}

/**
 * A month-end's retention (SPEC §11), recorded after that day's refresh (src/lib/segmentation/refresh.ts):
 * the latest month-end snapshot's, timed alone.
 */
async function timeMonthEndRetention(db: Database): Promise<number> {
  const [latest] = await db.query<{ day: string }>(
    'select max(as_of)::text as day from insight_refresh_days where agency_id = $1 and extract(day from as_of + 1) = 1',
    [AGENCY],
  );
  const start = performance.now();
  await db.query('select private.record_retention_on($1, array[$2::date])', [AGENCY, latest!.day]);
  const seconds = since(start);
  console.log(`month-end retention of ${latest!.day}: ${seconds.toFixed(2)} s`);
  return seconds;
}

interface Measured {
  backend: string;
  customers: number;
  policies: number;
  loadSeconds: number;
  firstRefreshSeconds: number;
  backfillSeconds: number;
  snapshots: number;
  changedPolicies: number;
  dailyRefreshSeconds: number;
  dailyRefreshRows: number;
  /** Not measured before the retention moved out of the refresh. */
  monthEndRetentionSeconds?: number;
  historyRows: number;
  bytesPerSnapshot: number;
  routes: Record<string, RouteTiming | null>;
  /** How busy the machine was (its load average), where other work shared its cores. */
  conditions?: string;
}

const loadAverage = () => os.loadavg()[0]!.toFixed(1);

async function measure(db: Database, backend: string, customers: number): Promise<Measured> {
  const loadAtStart = loadAverage();
  let start = performance.now();
  const policies = await loadBook(db, customers);
  const loadSeconds = since(start);
  console.log(`${backend} ${customers}: loaded ${policies} policies in ${loadSeconds.toFixed(1)} s`);

  // An agency's first import: its first refresh, then its history.
  start = performance.now();
  await refreshAgency(AGENCY, { mode: 'agency', asOf: TODAY }, db);
  const firstRefreshSeconds = since(start);
  start = performance.now();
  await backfillAgency(AGENCY, { months: MAX_HISTORY_MONTHS, today: TODAY }, db);
  const backfillSeconds = since(start);
  console.log(`${backend} ${customers}: first refresh ${firstRefreshSeconds.toFixed(1)} s, backfill ${backfillSeconds.toFixed(1)} s`);

  const daily = await timeDailyRefresh(db, addDays(TODAY, 1));
  const monthEndRetentionSeconds = await timeMonthEndRetention(db);
  const [storage] = await db.query<{ snapshots: number; history_rows: number; bytes: string }>(
    `select (select count(*)::int from insight_refresh_days where agency_id = $1) as snapshots,
            (select count(*)::int from customer_tier_history where agency_id = $1) as history_rows,
            (pg_total_relation_size('customer_tier_history') + pg_total_relation_size('insight_snapshot_totals')
             + pg_total_relation_size('insight_snapshot_retention') + pg_total_relation_size('insight_refresh_days'))::text as bytes`,
    [AGENCY],
  );
  const routes = await timeRoutes(db);
  const row: Measured = {
    backend,
    customers,
    policies,
    loadSeconds,
    firstRefreshSeconds,
    backfillSeconds,
    snapshots: storage!.snapshots,
    ...daily,
    monthEndRetentionSeconds,
    historyRows: storage!.history_rows,
    bytesPerSnapshot: Number(storage!.bytes) / storage!.snapshots,
    routes,
    conditions: `load average ${loadAtStart} at the start, ${loadAverage()} at the end`,
  };
  console.log(JSON.stringify(row));
  return row;
}

// Results accumulate in a file, so the routes can be re-timed on a book already loaded
// (BENCH_TIME_ROUTES_ONLY=1, same database) and one backend re-measured alone.
const RESULTS_FILE = 'docs/performance-time-results.json';
const previous: Measured[] = existsSync(RESULTS_FILE) ? JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) : [];
const ROUTES_ONLY = process.env.BENCH_TIME_ROUTES_ONLY === '1';
// Re-times the daily refresh on a book already loaded (same database): the day after its latest snapshot.
const DAILY_ONLY = process.env.BENCH_TIME_DAILY_ONLY === '1';
// Rewrites the section from the results file alone, measuring nothing.
const REPORT_ONLY = process.env.BENCH_TIME_REPORT_ONLY === '1';
const measured: Measured[] = [];
for (const backend of REPORT_ONLY ? [] : BACKENDS) {
  const db = await openBenchBackend(backend, 'bench:time');
  installDatabase(db);
  await migrate(db);
  await db.query(`insert into agencies (id, name, slug) values ($1, 'Benchmark', 'benchmark') on conflict do nothing`, [AGENCY]);
  for (const id of USERS) {
    await db.query(`insert into auth.users (id, email) values ($1, $2) on conflict do nothing`, [id, `${id}@benchmark.test`]);
    await db.query(`insert into agency_members (agency_id, user_id, role) values ($1, $2, 'owner') on conflict do nothing`, [AGENCY, id]);
  }
  for (const size of SIZES) {
    const earlier = previous.find((row) => row.backend === backend && row.customers === size);
    if (ROUTES_ONLY && earlier) measured.push({ ...earlier, routes: await timeRoutes(db) });
    else if (DAILY_ONLY && earlier) {
      const [latest] = await db.query<{ day: string }>('select max(as_of)::text as day from insight_refresh_days where agency_id = $1', [
        AGENCY,
      ]);
      const daily = await timeDailyRefresh(db, addDays(latest!.day, 1));
      const monthEndRetentionSeconds = await timeMonthEndRetention(db);
      measured.push({
        ...earlier,
        ...daily,
        monthEndRetentionSeconds,
        conditions: `daily refresh re-timed on the kept book, load average ${loadAverage()}`,
      });
    } else measured.push(await measure(db, backend, size));
    console.log(JSON.stringify(measured.at(-1)));
  }
  await db.close();
}
const rows = [
  ...previous.filter((old) => !measured.some((row) => row.backend === old.backend && row.customers === old.customers)),
  ...measured,
];
// BENCH_TIME_WRITE=0 (a trial run) leaves both the results file and the section as they are.
const WRITE = process.env.BENCH_TIME_WRITE !== '0';
if (WRITE) writeFileSync(RESULTS_FILE, `${JSON.stringify(rows, null, 2)}\n`);

const ms = (timing: RouteTiming | null | undefined) =>
  timing
    ? `${timing.p50.toFixed(1)} / ${timing.p95.toFixed(1)}${timing.first === undefined ? '' : ` (first ${timing.first.toFixed(0)})`}`
    : 'n/a';
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const report = `## Time: history, comparison, trends, movers, retention

Measured by \`npm run bench:time\` (last run ${TODAY}): ${os.cpus().length} cores (${cpu}),
${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, PostgreSQL 15 (throwaway local server, fsync off) and
PGlite (in memory). One agency; its policies start over four years, 18% are cancelled on a day
between their start and today, the rest renew on their anniversary (about 6% of customers change
state in a month). The agency's first refresh, then the **backfill** of ${MAX_HISTORY_MONTHS} month-end snapshots
from policy dates; then 1% of policies get a new premium and the next day's **daily refresh**
(mode recent) runs. On a month-end, the day's **retention** over the year before it is recorded after
that day's refresh, in a transaction of its own (a Refresh button's answer does not wait for it: it
reads every customer's state on both days); it is timed alone, for the latest month-end. **Storage** is the history tables (tier history, snapshot totals, retention,
snapshot days, with indexes) divided by the snapshots. The routes are the whole handlers in process
(session, membership, rate limit, query, JSON), ${CALLS} sequential calls each: p50 / p95 in ms, and in
brackets the first call, made before anything was prepared (the movers of a period are computed on
its first request and kept until the history is written again; the app prepares the default period
after every refresh, which this first call does not have).

Targets (docs/PRODUCT.md): p95 ≤ 50 ms for each route; daily refresh ≤ 5 s when ≤ 1% of policies
changed; backfill of 36 months ≤ 5 min.

| backend | customers | policies | first refresh (s) | backfill (s) | snapshots | history rows | storage / snapshot (MB) | policies changed | daily refresh (s) | customers recomputed | month-end retention (s) | ${QUERIES.map((q) => `${q.name} (ms)`).join(' | ')} |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|${QUERIES.map(() => '---:').join('|')}|
${rows
  .map(
    (r) =>
      `| ${r.backend} | ${r.customers.toLocaleString('en-US')} | ${r.policies.toLocaleString('en-US')} | ${r.firstRefreshSeconds.toFixed(1)} | ${r.backfillSeconds.toFixed(1)} | ${r.snapshots} | ${r.historyRows.toLocaleString('en-US')} | ${(r.bytesPerSnapshot / 2 ** 20).toFixed(1)} | ${r.changedPolicies.toLocaleString('en-US')} | ${r.dailyRefreshSeconds.toFixed(2)} | ${r.dailyRefreshRows.toLocaleString('en-US')} | ${r.monthEndRetentionSeconds?.toFixed(1) ?? 'n/a'} | ${QUERIES.map((q) => ms(r.routes[q.name])).join(' | ')} |`,
  )
  .join('\n')}

How busy the machine was during each row's run:
${rows.map((r) => `- ${r.backend}, ${r.customers.toLocaleString('en-US')} customers: ${r.conditions ?? 'not recorded'}`).join('\n')}
`;
if (WRITE) writePerformanceSection('bench:time', report);
else console.log(report);
