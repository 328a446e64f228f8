import type { ProfileSummary } from './cpu-profile-summary';
import type { LoadResult } from './load-run';

/** What one `npm run bench:load` measured, for its section of docs/PERFORMANCE.md. */
export interface LoadRun {
  date: string;
  machine: string;
  command: string;
  customers: number;
  policies: number;
  users: number;
  settings: { connections: number; durationSeconds: number; warmupSeconds: number };
  results: LoadResult[];
  /** Error lines (pino level 50 and up) the app server logged during the run. */
  serverErrors: number;
  /** The seed server's failures, `count× message`. */
  seedFailures: string[];
  profile: ProfileSummary | null;
}

/** SPEC §10: the summary through the production server on 2 cores. */
export const SUMMARY_TARGET = { requestsPerSecond: 800, errors: 0, p99Ms: 50 };

const ROUTES: Record<string, string> = {
  summary: '`GET /api/analytics/segmentation`',
  'tier-list': '`GET /api/analytics/segmentation/customers?tier=…` (drill-down API, first page)',
  'tier-page': '`GET /analytics/segmentation/<tier>` (drill-down page)',
  'seed-summary': "the seed's design: every insight row to the app, tiered and aggregated per request",
  health: '`GET /api/health`: Next.js, the proxy and one query, no session (the floor of any request)',
  agencies: '`GET /api/agencies`: the floor plus what every signed-in API request pays (session, memberships, rate limit)',
};

const n = (value: number, digits = 0) => value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '–');
const cpu = (value: number | null) => (value === null ? '–' : value.toFixed(2));
const pct = (share: number) => `${(share * 100).toFixed(1)}%`;

/** Whether the summary met its target, and if not, which parts it missed. */
export function summaryVerdict(summary: LoadResult | undefined): string {
  if (!summary) return 'The summary was not measured (--targets).';
  const misses = [
    summary.requestsPerSecond < SUMMARY_TARGET.requestsPerSecond &&
      `${n(summary.requestsPerSecond, 1)} req/s, not ≥ ${SUMMARY_TARGET.requestsPerSecond}`,
    summary.non2xx + summary.errors > SUMMARY_TARGET.errors && `${summary.non2xx} non-2xx and ${summary.errors} errors, not 0`,
    !(summary.p99 <= SUMMARY_TARGET.p99Ms) && `p99 ${ms(summary.p99)} ms, not ≤ ${SUMMARY_TARGET.p99Ms} ms`,
  ].filter(Boolean);
  return misses.length
    ? `**Summary target not met:** ${misses.join('; ')}.`
    : `**Summary target met:** ${n(summary.requestsPerSecond)} req/s, 0 errors, p99 ${ms(summary.p99)} ms.`;
}

function row(result: LoadResult): string {
  const timing = result.serverTiming;
  const codes = Object.entries(result.statusCodes)
    .filter(([code]) => !code.startsWith('2'))
    .map(([code, count]) => `${count}×${code}`)
    .join(', ');
  return `| ${result.target} | ${result.loadAverageAtStart.join(' / ')} | ${n(result.requests)} | **${n(result.requestsPerSecond)}** | ${ms(result.p50)} | ${ms(result.p95)} | ${ms(result.p99)} | ${ms(result.max)} | ${result.non2xx}${codes ? ` (${codes})` : ''} | ${result.errors} | ${timing ? `${ms(timing.handler.p50)} / ${ms(timing.handler.p95)}` : '–'} | ${timing ? `${ms(timing.db.p50)} / ${ms(timing.db.p95)}` : '–'} | ${cpu(result.cpuMsPerRequest.server)} / ${cpu(result.cpuMsPerRequest.postgres)} / ${cpu(result.cpuMsPerRequest.loadGenerator)} |`;
}

function seedComparison(results: LoadResult[]): string {
  const ours = results.find((r) => r.target === 'summary');
  const seed = results.find((r) => r.target === 'seed-summary');
  if (!ours || !seed) return '';
  const ratio = seed.requestsPerSecond > 0 ? `${n(ours.requestsPerSecond / seed.requestsPerSecond)}×` : 'incomparably';
  return `\nAgainst the same data in the same run, the summary served ${ratio} the requests of the seed's design
(${n(ours.requestsPerSecond)} against ${n(seed.requestsPerSecond, 1)} req/s; p50 ${ms(ours.p50)} against ${ms(seed.p50)} ms), although
the seed's server is spared everything the app does per request (no Next.js, no session, no rate limit, no RLS transaction).\n`;
}

function profileSection(profile: ProfileSummary | null): string {
  if (!profile) return '';
  return `
CPU profile of the app server during the summary run (\`--cpu-prof\`, ${n(profile.totalMs / 1000, 1)} s), self time by part:
${profile.parts.map((p) => `${p.part} ${pct(p.share)}`).join(' · ')}.
Functions with the most self time (share of the busy time): ${profile.functions.map((f) => `\`${f.name}\` ${pct(f.share)}`).join(', ')}.
`;
}

/** 429s mean the users' read budgets ran out: the rate limit, not the server, was measured. */
function rateLimited(run: LoadRun): string {
  const limited = run.results.filter((r) => (r.statusCodes['429'] ?? 0) > 0).map((r) => r.target);
  return limited.length
    ? `\n- **${limited.join(', ')} met the per-user read limit (429):** too few users for this rate and duration; rerun with more \`--users\`.`
    : '';
}

export function loadReport(run: LoadRun): { markdown: string; verdict: string } {
  const verdict = summaryVerdict(run.results.find((r) => r.target === 'summary'));
  const { connections, durationSeconds, warmupSeconds } = run.settings;
  const markdown = `## Load: the summary and the drill-down under many signed-in users

Measured by \`${run.command}\` (last run ${run.date}): ${run.machine}. The production build
(\`.next/standalone\`, \`NODE_ENV=production\`, one JSON log line per request as deployed) on PostgreSQL 15
(throwaway local server, fsync off; the app's pool of 10 connections). One agency of
${n(run.customers)} customers and ${n(run.policies)} policies, imported through the import pipeline
(\`scripts/book-export.ts\`), and ${n(run.users)} of its members (an owner, admins, agents, a fifth
viewers), each signed in through \`POST /api/auth/sign-in\`. autocannon, as a library, with
${connections} connections for ${durationSeconds} s per target after a ${warmupSeconds} s warm-up; each request carries the next
user's session, so no user nears the read limit (120 a minute). The server, PostgreSQL and
autocannon share the machine's cores; the load average as each run began says how idle it was.

| target | load avg at start (1 / 5 / 15 min) | requests | req/s | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) | non-2xx | errors | handler p50 / p95 (ms) | database p50 / p95 (ms) | CPU ms per request: server / PostgreSQL / autocannon |
|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${run.results.map(row).join('\n')}

${run.results.map((r) => `- **${r.target}**: ${ROUTES[r.target] ?? r.path}`).join('\n')}
- Latencies are what autocannon measured per response; **handler** and **database** are the app's
  own \`Server-Timing\` of the same responses (the route wrapper's total, and the time with a query
  in flight). What is neither is HTTP, Next.js's routing and the proxy, and waiting for a core.
- **CPU ms per request**: CPU time the app server (the seed's server for its row), PostgreSQL (all
  its processes) and autocannon used during the run, divided by the requests served. Their sum
  against the 2,000 CPU-ms a second two cores have is the ceiling on requests/s.
- The app server logged ${run.serverErrors} error line${run.serverErrors === 1 ? '' : 's'} during the run.${rateLimited(run)}${
    run.seedFailures.length ? `\n- The seed's server failed with: ${run.seedFailures.join('; ')}.` : ''
  }

Target (SPEC §10): the summary ≥ ${SUMMARY_TARGET.requestsPerSecond} req/s with 0 errors and p99 ≤ ${SUMMARY_TARGET.p99Ms} ms on 2 cores. ${verdict}
${seedComparison(run.results)}${profileSection(run.profile)}`;
  return { markdown, verdict };
}
