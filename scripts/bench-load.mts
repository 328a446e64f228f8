/**
 * npm run bench:load [-- --customers N --users N --connections N --duration S --warmup S
 *   --targets summary,tier-list,tier-page,seed-summary,health,agencies --cpu-prof --keep-profile FILE --no-write]
 *
 * The production server (.next/standalone, built first when absent) on PostgreSQL (the throwaway
 * server `scripts/bench-run.sh` starts, or BENCH_DATABASE_URL), holding one agency whose
 * generated book (100,000 customers by default) came in through the import pipeline, and 500
 * members of it, each signed in through the real sign-in route. autocannon then loads, in turn,
 * each target for a fixed time (after a warm-up), rotating the users' sessions over the requests:
 *   summary       GET /api/analytics/segmentation (SPEC §10: ≥ 800 req/s, 0 errors, p99 ≤ 50 ms)
 *   tier-list     GET /api/analytics/segmentation/customers?tier=… (the drill-down's API)
 *   tier-page     GET /analytics/segmentation/<tier> (the drill-down page, rendered on the server)
 *   seed-summary  the seed's design of the summary on the same data (bench-load-seed-server.mts)
 * and two that take the summary's cost apart:
 *   health        GET /api/health (Next.js, the proxy and one query; no session)
 *   agencies      GET /api/agencies (plus the session check, memberships and rate limit, no summary)
 * Everything listens on loopback; every process started here is ended, by PID, and every
 * folder removed, also on failure or Ctrl-C. Writes the bench:load section of docs/PERFORMANCE.md.
 */
import { existsSync, readdirSync, readFileSync, copyFileSync, statSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { installDatabase } from '@/lib/db';
import { migrate } from '@/lib/db/migrate';
import { importGeneratedBook, openBenchBackend } from './bench-shared';
import { summarizeCpuProfile } from './cpu-profile-summary';
import { createLoadUsers, signInAll } from './load-users';
import { removeFolder, startProcess, stopProcess, temporaryFolder, waitUntil, type Started } from './load-processes';
import { loadReport, type LoadRun } from './load-report';
import { runLoad, type LoadResult, type LoadTarget } from './load-run';
import { writePerformanceSection } from './performance-doc';

if (!process.env.SESSION_SECRET) throw new Error('Run through `npm run bench:load` (it starts PostgreSQL and sets a SESSION_SECRET).');

const { values: args } = parseArgs({
  options: {
    customers: { type: 'string', default: '100000' },
    users: { type: 'string', default: '500' },
    // 2 cores run the server, PostgreSQL and autocannon: 10 connections keep both cores busy
    // without queueing requests only to lengthen their latency.
    connections: { type: 'string', default: '10' },
    duration: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '5' },
    port: { type: 'string', default: '3314' },
    targets: { type: 'string', default: 'summary,tier-list,tier-page,seed-summary,health,agencies' },
    'cpu-prof': { type: 'boolean', default: false },
    'keep-profile': { type: 'string' },
    'no-write': { type: 'boolean', default: false },
  },
});
const positive = (name: keyof typeof args) => {
  const value = Number(args[name]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number above 0, not ${args[name]}`);
  return value;
};
const CUSTOMERS = positive('customers');
const USERS = positive('users');
const SETTINGS = {
  connections: positive('connections'),
  durationSeconds: positive('duration'),
  timeoutSeconds: 30,
  // Exported by scripts/postgres-throwaway.sh: PostgreSQL's CPU per request is then reported too.
  postmasterPid: Number(process.env.PG_THROWAWAY_PID) || undefined,
};
const WARMUP_SECONDS = args.warmup === '0' ? 0 : positive('warmup');
const PORT = positive('port');
const TARGETS = args.targets!.split(',').map((name) => name.trim());
// health and agencies take the summary's cost apart: the framework with one query, then with the
// session check, memberships and rate limit every signed-in API request pays.
const KNOWN_TARGETS = ['summary', 'tier-list', 'tier-page', 'seed-summary', 'health', 'agencies'];
const unknown = TARGETS.filter((name) => !KNOWN_TARGETS.includes(name));
if (unknown.length) throw new Error(`Unknown target ${unknown.join(', ')}: choose from ${KNOWN_TARGETS.join(', ')}.`);

const AGENCY = 'b2000000-0000-4000-8000-000000000001';
const TIERS = ['elite', 'premium', 'standard', 'entry'];
// Bench-only keys (bytes 0x0b… and 0x0d…), for a database that lives as long as the run.
const PII_KEYS = {
  PII_ENCRYPTION_KEY: 'bench:CwsLCwsLCwsLCwsLCwsLCwsLCwsLCwsLCwsLCwsLCws=',
  PII_BLIND_INDEX_KEY: 'DQ0NDQ0NDQ0NDQ0NDQ0NDQ0NDQ0NDQ0NDQ0NDQ0NDQ0=',
};
Object.assign(process.env, PII_KEYS);

const SERVER = path.resolve('.next/standalone/server.js');
let built = 'found';
if (!existsSync(SERVER)) {
  console.log('No production build (.next/standalone): running `npm run build` first; this takes a few minutes.');
  const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed; see its output above.');
  built = 'built by this run';
}
const builtAt = statSync(SERVER).mtimeMs;
const changedSince = readdirSync('src', { recursive: true, withFileTypes: true }).find(
  (entry) => entry.isFile() && statSync(path.join(entry.parentPath, entry.name)).mtimeMs > builtAt,
);
console.log(`production build: ${built}, from ${new Date(builtAt).toISOString()}`);
if (changedSince)
  console.warn(`warning: src/ changed after that build (${changedSince.name}): run npm run build to measure the current code`);

// The port must be free: a server already listening there would answer in place of this build.
await new Promise<void>((resolve, reject) => {
  const probe = net.createServer().once('error', () => reject(new Error(`Port ${PORT} is in use: choose another with --port.`)));
  probe.listen(PORT, '127.0.0.1', () => probe.close(() => resolve()));
});

// ── The database: migrated, the agency and its book, the users ─────────────────────────────────
const db = await openBenchBackend('postgres', 'bench:load');
installDatabase(db);
await migrate(db);
await db.query(`insert into agencies (id, name, slug) values ($1, 'Load Benchmark', 'load-benchmark') on conflict do nothing`, [AGENCY]);
const [existing] = await db.query<{ n: number }>('select count(*)::int as n from customers where agency_id = $1', [AGENCY]);
if (existing!.n === 0) {
  const started = performance.now();
  // The generated export averages 2.5 policy rows per customer.
  await importGeneratedBook(AGENCY, Math.round(CUSTOMERS * 2.5));
  console.log(`imported the book in ${((performance.now() - started) / 1000).toFixed(1)} s`);
} else {
  console.log(`the agency already holds ${existing!.n} customers (BENCH_DATABASE_URL reused): not imported again`);
}
const [book] = await db.query<{ customers: number; policies: number }>(
  `select (select count(*)::int from customers where agency_id = $1) as customers,
          (select count(*)::int from policies where agency_id = $1) as policies`,
  [AGENCY],
);
const users = await createLoadUsers(db, AGENCY, USERS);
// Statistics as autovacuum would soon leave them after the import and the new members.
await db.exec('analyze');
console.log(`book: ${book!.customers} customers, ${book!.policies} policies; ${users.length} members`);

// ── The servers ────────────────────────────────────────────────────────────────────────────────
const work = temporaryFolder('cs-bench-load-');
const profileDir = path.join(work, 'profile');
const baseUrl = `http://127.0.0.1:${PORT}`;
const app = startProcess(process.execPath, [...(args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), SERVER], {
  cwd: path.dirname(SERVER),
  logFile: path.join(work, 'server.log'),
  env: {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    HOSTNAME: '127.0.0.1',
    PORT: String(PORT),
    DATABASE_URL: process.env.BENCH_DATABASE_URL,
    DATA_DIR: path.join(work, 'data'),
    SESSION_SECRET: process.env.SESSION_SECRET,
    ...PII_KEYS,
    // As deployed: one JSON log line per request, the daily refresh scheduler on; no Sentry, no PostHog.
    LOG_LEVEL: 'info',
    NEXT_TELEMETRY_DISABLED: '1',
  },
});
await waitUntil(app, 'the app server', async () => (await fetch(`${baseUrl}/api/health`)).ok);

const cookies = await signInAll(users, baseUrl, (request) => fetch(request), 8);
// Every session opens the summary (also the servers' warm-up): 500 distinct signed-in users.
const seen = new Set<string>();
await Promise.all(
  Array.from({ length: 8 }, async (_, worker) => {
    for (let i = worker; i < cookies.length; i += 8) {
      const response = await fetch(`${baseUrl}/api/analytics/segmentation`, { headers: { cookie: cookies[i]! } });
      const body = (await response.json()) as { dataMode?: string; totals?: { customers: number } };
      if (response.status !== 200 || body.dataMode !== 'live')
        throw new Error(`${users[i]!.email} got ${response.status} from the summary`);
      seen.add(cookies[i]!);
    }
  }),
);
console.log(`${seen.size} users signed in through POST /api/auth/sign-in; each got 200 from the summary`);

let seed: Started | null = null;
let seedUrl = '';
if (TARGETS.includes('seed-summary')) {
  seed = startProcess(process.execPath, ['--import', 'tsx', 'scripts/bench-load-seed-server.mts'], {
    env: { PATH: process.env.PATH, NODE_ENV: 'production', BENCH_DATABASE_URL: process.env.BENCH_DATABASE_URL },
    logFile: path.join(work, 'seed.log'),
  });
  await waitUntil(seed, 'the seed-design server', async () => /listening \d+/.test(readFileSync(seed!.logFile, 'utf8')));
  seedUrl = `http://127.0.0.1:${readFileSync(seed.logFile, 'utf8').match(/listening (\d+)/)![1]}`;
}

// ── The load ───────────────────────────────────────────────────────────────────────────────────
const targets: Record<string, LoadTarget> = {
  summary: { name: 'summary', baseUrl, paths: ['/api/analytics/segmentation'], cookies, serverPid: app.child.pid },
  'tier-list': {
    name: 'tier-list',
    baseUrl,
    paths: TIERS.map((tier) => `/api/analytics/segmentation/customers?tier=${tier}`),
    cookies,
    serverPid: app.child.pid,
  },
  'tier-page': {
    name: 'tier-page',
    baseUrl,
    paths: TIERS.map((tier) => `/analytics/segmentation/${tier}`),
    cookies,
    serverPid: app.child.pid,
  },
  health: { name: 'health', baseUrl, paths: ['/api/health'], serverPid: app.child.pid },
  agencies: { name: 'agencies', baseUrl, paths: ['/api/agencies'], cookies, serverPid: app.child.pid },
  'seed-summary': { name: 'seed-summary', baseUrl: seedUrl, paths: [`/summary?agency=${AGENCY}`], serverPid: seed?.child.pid },
};
const results: LoadResult[] = [];
for (const name of TARGETS) {
  const target = targets[name]!;
  // Each run starts with fresh rate-limit windows; the limit itself stays in force.
  await db.query('delete from private.rate_limit_buckets');
  if (WARMUP_SECONDS > 0) await runLoad(target, { ...SETTINGS, durationSeconds: WARMUP_SECONDS });
  await db.query('delete from private.rate_limit_buckets');
  const result = await runLoad(target, SETTINGS);
  results.push(result);
  console.log(JSON.stringify(result));
}

// ── Stop, read the logs and the profile, report ────────────────────────────────────────────────
if (seed) await stopProcess(seed);
// Why the seed's requests failed, if they did: each distinct message with its count.
const seedFailures = seed
  ? Object.entries(
      readFileSync(seed.logFile, 'utf8')
        .split('\n')
        .filter((line) => line.startsWith('seed summary failed: '))
        .reduce<Record<string, number>>((counts, line) => ({ ...counts, [line.slice(21)]: (counts[line.slice(21)] ?? 0) + 1 }), {}),
    ).map(([message, count]) => `${count}× ${message}`)
  : [];
await stopProcess(app);
const serverErrors = readFileSync(app.logFile, 'utf8')
  .split('\n')
  .filter((line) => /"level":(50|60)/.test(line)).length;
let profile = null;
if (args['cpu-prof']) {
  const file = existsSync(profileDir) ? readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile')) : undefined;
  if (!file) throw new Error('--cpu-prof: the server wrote no profile.');
  if (args['keep-profile']) copyFileSync(path.join(profileDir, file), args['keep-profile']);
  // The summary run's samples when it ran (the target that has one), else the whole profile.
  profile = summarizeCpuProfile(path.join(profileDir, file), results.find((r) => r.target === 'summary')?.window);
  console.log(JSON.stringify(profile, null, 2));
}
removeFolder(work);
await db.close();

const run: LoadRun = {
  date: new Date().toISOString().slice(0, 10),
  machine: `${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}`,
  command: `npm run bench:load -- ${process.argv.slice(2).join(' ')}`.trim(),
  customers: book!.customers,
  policies: book!.policies,
  users: users.length,
  settings: { ...SETTINGS, warmupSeconds: WARMUP_SECONDS },
  results,
  serverErrors,
  seedFailures,
  profile,
};
const report = loadReport(run);
console.log(`\n${report.verdict}`);
if (!args['no-write']) writePerformanceSection('bench:load', report.markdown);
