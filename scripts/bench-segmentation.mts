/**
 * npm run bench:segmentation — loads books of 10k, 100k and 1M customers into one agency on the
 * PostgreSQL server (BENCH_DATABASE_URL, or a throwaway one started by the npm script) and on
 * PGlite, then measures the insights refresh and the summary request (p50/p95), next to the
 * seed's design (fetch every customer, tier in JS, aggregate). Writes docs/PERFORMANCE.md.
 * BENCH_SIZES=10000,100000 limits the sizes (BENCH_PGLITE_SIZES for PGlite alone); BENCH_BACKENDS=postgres
 * limits the backends.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { GET as summaryRoute } from '@/app/api/analytics/segmentation/route';
import { startEmbeddedSession } from '@/lib/auth/session-store';
import { asUser, installDatabase, type Database } from '@/lib/db';
import { migrate } from '@/lib/db/migrate';
import { refreshAgency } from '@/lib/segmentation/refresh';
import { getSegmentationSummary, scoreCustomers } from '@/lib/segmentation/summary';
import type { CustomerInput } from '@/lib/segmentation/assign';
import { todayIso } from '@/lib/segmentation/dates';
import { DEFAULT_RULES } from '@/lib/segmentation/rules';
import { openBenchBackend, percentile } from './bench-shared';
import { writePerformanceSection } from './performance-doc';

if (!process.env.SESSION_SECRET) throw new Error('Run through `npm run bench:segmentation` (it sets a SESSION_SECRET).');

const sizes = (value: string | undefined) => (value ?? '10000,100000,1000000').split(',').map(Number);
const SIZES: Record<string, number[]> = {
  postgres: sizes(process.env.BENCH_SIZES),
  pglite: sizes(process.env.BENCH_PGLITE_SIZES ?? process.env.BENCH_SIZES),
};
const BACKENDS = (process.env.BENCH_BACKENDS ?? 'postgres,pglite').split(',');
const AGENCY = 'b0000000-0000-4000-8000-000000000001';
// The route's rate limit (120 reads a minute per user) is real here: the timed calls are spread over users.
const USERS = ['b0000000-0000-4000-8000-0000000000a1', 'b0000000-0000-4000-8000-0000000000a2', 'b0000000-0000-4000-8000-0000000000a3'];
const USER = USERS[0]!;
const SUMMARY_REQUESTS = 300;

interface Row {
  backend: string;
  customers: number;
  policies: number;
  loadSeconds: number;
  refreshSeconds: number;
  summaryP50: number;
  summaryP95: number;
  routeP50: number;
  routeP95: number;
  seedDesignSeconds: number;
}

const seconds = (start: number) => (performance.now() - start) / 1000;

/** A deterministic book generated inside the database: ~2.4 policies per customer, lognormal premiums. */
async function loadBook(db: Database, customers: number) {
  // The benchmark database holds nothing else: start each size from empty tables.
  await db.exec('truncate customers, policies, contacts, customer_insights, customer_segment_totals, agency_insight_summaries');
  await db.query(`select setseed(0.42)`);
  await db.query(
    `insert into customers (agency_id, external_id, kind, customer_since)
     select $1, 'C' || lpad(n::text, 8, '0'), case when n % 10 = 0 then 'organization' else 'individual' end::customer_kind,
            current_date - (n % 9000)
     from generate_series(1, $2) as n`,
    [AGENCY, customers],
  );
  await db.query(
    `insert into policies (agency_id, customer_id, external_id, line_of_business, annual_premium, effective_date, expiration_date, status)
     select c.agency_id, c.id, c.external_id || '-' || k,
            (array['Personal Auto','Homeowners','Renters','Umbrella','Life','BOP','Workers Comp','Boat'])[1 + ((hashtext(c.external_id) + k) & 7)],
            round((exp(7.2 + 0.6 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())))::numeric, 2),
            current_date - ((hashtext(c.external_id || k) & 511) % 364),
            current_date - ((hashtext(c.external_id || k) & 511) % 364) + 365,
            case when (hashtext(c.external_id) + k) % 17 = 0 then 'cancelled' else 'active' end::policy_status
     from customers c
     cross join lateral generate_series(1, 1 + (abs(hashtext(c.external_id)) % 3) + (case when abs(hashtext(c.external_id)) % 5 = 0 then 1 else 0 end)) as k
     where c.agency_id = $1`,
    [AGENCY],
  );
  await db.exec('analyze');
  const [row] = await db.query<{ n: number }>('select count(*) as n from policies where agency_id = $1', [AGENCY]);
  return row!.n;
}

/** The seed's design, for comparison: every customer and policy to the app, tiered in JS. */
async function seedDesign(db: Database): Promise<number> {
  const start = performance.now();
  const rows = await db.query<{
    customer_id: string;
    line_of_business: string;
    annual_premium: string;
    effective_date: string;
    expiration_date: string | null;
    status: 'active';
  }>(`select customer_id, line_of_business, annual_premium, effective_date, expiration_date, status from policies where agency_id = $1`, [
    AGENCY,
  ]);
  const byCustomer = new Map<string, CustomerInput>();
  for (const row of rows) {
    const customer = byCustomer.get(row.customer_id) ?? { policies: [] };
    customer.policies.push({
      lineOfBusiness: row.line_of_business,
      annualPremium: row.annual_premium,
      effectiveDate: row.effective_date,
      expirationDate: row.expiration_date,
      status: row.status,
    });
    byCustomer.set(row.customer_id, customer);
  }
  scoreCustomers([...byCustomer.values()], DEFAULT_RULES, todayIso());
  return seconds(start);
}

async function measure(db: Database, backend: string, customers: number): Promise<Row> {
  let start = performance.now();
  const policies = await loadBook(db, customers);
  const loadSeconds = seconds(start);

  start = performance.now();
  await refreshAgency(AGENCY, { mode: 'agency' }, db);
  const refreshSeconds = seconds(start);

  const membership = { agencyId: AGENCY, name: 'Benchmark', slug: 'benchmark', role: 'owner' as const };
  const claims = { sub: USER, role: 'authenticated' as const, email: 'bench@benchmark.test' };
  const summaryTimes: number[] = [];
  for (let i = 0; i < SUMMARY_REQUESTS; i += 1) {
    const t = performance.now();
    await asUser(claims, (tx) => getSegmentationSummary(tx, membership));
    summaryTimes.push(performance.now() - t);
  }

  const cookies = await Promise.all(
    USERS.map(async (id) => `cs-session=${await startEmbeddedSession({ id, email: `${id}@benchmark.test` })}`),
  );
  const routeTimes: number[] = [];
  // Each size starts with fresh rate-limit windows (the limit itself stays in force).
  await db.query('delete from private.rate_limit_buckets');
  for (let i = 0; i < SUMMARY_REQUESTS; i += 1) {
    const cookie = cookies[Math.floor(i / 100) % cookies.length]!;
    const t = performance.now();
    const response = await summaryRoute(new Request('http://localhost/api/analytics/segmentation', { headers: { cookie } }));
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`summary route answered ${response.status}`);
    routeTimes.push(performance.now() - t);
  }

  const seedDesignSeconds = await seedDesign(db);
  const row: Row = {
    backend,
    customers,
    policies,
    loadSeconds,
    refreshSeconds,
    summaryP50: percentile(summaryTimes, 50),
    summaryP95: percentile(summaryTimes, 95),
    routeP50: percentile(routeTimes, 50),
    routeP95: percentile(routeTimes, 95),
    seedDesignSeconds,
  };
  console.log(JSON.stringify(row));
  return row;
}

// Results accumulate in docs/performance-results.json, so one backend or size can be re-measured
// alone; the report is rebuilt from all of them.
const RESULTS_FILE = 'docs/performance-results.json';
const measured: Row[] = [];
for (const backend of BACKENDS) {
  const db = await openBenchBackend(backend, 'bench:segmentation');
  installDatabase(db);
  await migrate(db);
  await db.query(`insert into agencies (id, name, slug) values ($1, 'Benchmark', 'benchmark') on conflict do nothing`, [AGENCY]);
  for (const id of USERS) {
    await db.query(`insert into auth.users (id, email) values ($1, $2) on conflict do nothing`, [id, `${id}@benchmark.test`]);
    await db.query(`insert into agency_members (agency_id, user_id, role) values ($1, $2, 'owner') on conflict do nothing`, [AGENCY, id]);
  }
  for (const size of SIZES[backend] ?? []) measured.push(await measure(db, backend, size));
  await db.close();
}

const previous: (Row & { measuredOn: string })[] = existsSync(RESULTS_FILE) ? JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) : [];
const today = new Date().toISOString().slice(0, 10);
const rows = [
  ...previous.filter((old) => !measured.some((row) => row.backend === old.backend && row.customers === old.customers)),
  ...measured.map((row) => ({ ...row, measuredOn: today })),
].sort((a, b) => a.backend.localeCompare(b.backend) * -1 || a.customers - b.customers);
writeFileSync(RESULTS_FILE, `${JSON.stringify(rows, null, 2)}\n`);

const ms = (value: number) => value.toFixed(2);
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const report = `## Segmentation summary and refresh

Measured by \`npm run bench:segmentation\` (last run ${today}): ${os.cpus().length} cores (${cpu}),
${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, PostgreSQL 15 (throwaway local server, fsync off) and
PGlite (in memory). One agency holds the whole book; policies average about 2.4 per customer.

- **Summary** — the domain function the API and the page use, \`getSegmentationSummary\` inside the
  caller's RLS transaction, ${SUMMARY_REQUESTS} sequential calls. **Route** — the whole
  \`GET /api/analytics/segmentation\` handler in process (session check, memberships, rate limit,
  summary, JSON), ${SUMMARY_REQUESTS} sequential calls.
- **Refresh** — \`private.refresh_agency_insights\` for the agency (every customer recomputed).
- **Seed design** — what the original plan did per request: fetch every policy, tier in JS, aggregate.

Targets (SPEC §10, on the server): summary p95 ≤ 25 ms at 100k customers and ≤ 50 ms at 1M.

| backend | customers | policies | refresh (s) | summary p50 (ms) | summary p95 (ms) | route p50 (ms) | route p95 (ms) | seed design (s) | load (s) |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${rows
  .map(
    (r) =>
      `| ${r.backend} | ${r.customers.toLocaleString('en-US')} | ${r.policies.toLocaleString('en-US')} | ${r.refreshSeconds.toFixed(2)} | ${ms(r.summaryP50)} | ${ms(r.summaryP95)} | ${ms(r.routeP50)} | ${ms(r.routeP95)} | ${r.seedDesignSeconds.toFixed(2)} | ${r.loadSeconds.toFixed(1)} |`,
  )
  .join('\n')}

The summary reads only the per-agency aggregates the refresh maintains (\`customer_segment_totals\`,
\`agency_insight_summaries\`: at most five rows), so its cost does not grow with the book; the seed
design grows linearly with it.
`;
writePerformanceSection('bench:segmentation', report);
