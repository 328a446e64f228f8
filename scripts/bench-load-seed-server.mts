/**
 * The seed's design of the summary, served over HTTP for `npm run bench:load` to measure beside
 * the app, against the same database in the same run. Started by the benchmark, never by hand:
 *   BENCH_DATABASE_URL=… node --import tsx scripts/bench-load-seed-server.mts
 * prints `listening <port>` (loopback, a free port) and serves GET /summary?agency=<id>.
 *
 * What the seed planned (its deployment and monitoring plans): the dashboard loaded the agency's
 * customers — `SELECT * FROM customer_insights WHERE agency_id = ?`, "source of customer data" —
 * and posted them to the segmentation endpoint, which tiered every customer in JavaScript and
 * aggregated the `portfolioAnalysis` on each view ("64 ms for 1,000 customers", "linear at
 * ~0.05 ms per customer"). Here one request does both halves: every insight row of the agency,
 * each tiered by the agency's rules with the app's own code, then the same aggregation.
 *
 * Generous to the seed on purpose: a bare node:http server (no Next.js), no session check, no
 * rate limit, no per-user transaction (the seed shipped without them), and the rows come from the
 * refresh's per-customer table, not from the policies. The gap measured is a lower bound.
 */
import http from 'node:http';
import { createPostgresDatabase } from '@/lib/db/postgres';
import { assignTier } from '@/lib/segmentation/assign';
import { todayIso } from '@/lib/segmentation/dates';
import { centsFromDecimal } from '@/lib/segmentation/money';
import { renewsWithinWindow } from '@/lib/segmentation/policy';
import { summarize, type ScoredCustomer } from '@/lib/segmentation/summarize';
import { loadAgencyRules } from '@/lib/segmentation/rules-store';

const url = process.env.BENCH_DATABASE_URL;
if (!url) throw new Error('Started by npm run bench:load, which sets BENCH_DATABASE_URL.');
// The app's pool size, so both designs get as many database connections; no statement time limit
// and a patient connection wait, which the seed did not have either (a request reading a whole
// large book blocks the event loop for seconds).
const db = createPostgresDatabase(url, { statementTimeoutMillis: 0, connectionTimeoutMillis: 60_000 });

interface InsightRow {
  annual_premium: string;
  active_policy_count: number;
  distinct_lines: number;
  next_renewal_date: string | null;
}

async function seedSummary(agencyId: string) {
  const asOf = todayIso();
  const { rules, version } = await loadAgencyRules(db, agencyId);
  const rows = await db.query<InsightRow>('select * from public.customer_insights where agency_id = $1', [agencyId]);
  const customers: ScoredCustomer[] = rows.map((row) => {
    const metrics = {
      premiumCents: centsFromDecimal(row.annual_premium),
      lineCount: row.distinct_lines,
      activePolicyCount: row.active_policy_count,
    };
    return { ...metrics, tier: assignTier(metrics, rules), renewsSoon: renewsWithinWindow(row.next_renewal_date, asOf) };
  });
  return { portfolioAnalysis: { asOf, methodology: { version, rules }, ...summarize(customers) } };
}

const server = http.createServer((request, response) => {
  const { pathname, searchParams } = new URL(request.url ?? '/', 'http://localhost');
  const agency = searchParams.get('agency');
  if (pathname !== '/summary' || !agency) {
    response.writeHead(404).end();
    return;
  }
  seedSummary(agency).then(
    (body) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body)),
    (error: Error) => {
      console.error(`seed summary failed: ${error.message}`);
      response.writeHead(500, { 'content-type': 'text/plain' }).end(error.message);
    },
  );
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : ''}`);
});

const stop = () => server.close(() => void db.close().finally(() => process.exit(0)));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
