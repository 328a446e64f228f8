/**
 * The deployment checklist (health, sign-in, dashboard, refresh, a tier list, API p95), each
 * check one function that returns what it saw or throws CheckFailed saying what was wrong. They
 * read only the app's public contract (status codes, JSON fields, data-testid hooks), so the
 * same checks hold for the previous release during a rollback rehearsal.
 */
import { z } from 'zod';
import { TIERS } from '@/lib/segmentation/tiers';
import { isAgencyRole, roleHas } from '@/lib/tenancy/permissions';
import { describeStatus, jsonOf, type SmokeClient, type SmokeResponse } from './client';
import { readDashboard, readTierList } from './pages';

export class CheckFailed extends Error {}

export interface Credentials {
  email: string;
  password: string;
  /** The embedded default's demo owner, used because none were given. */
  demoDefault: boolean;
}

/** What the checks learn and hand on: the session lives in the client's cookies. */
export interface SmokeState {
  client: SmokeClient;
  credentials: Credentials;
  signedIn: boolean;
  /** The data mode the dashboard showed, which decides what its Refresh does. */
  dataMode?: 'live' | 'demo';
  summary?: Summary;
}

/** The summary fields the checks read (SPEC §7); anything else may change between releases. */
const Summary = z.object({
  dataMode: z.enum(['live', 'demo']),
  computedAt: z.string().nullable(),
  totals: z.object({ customers: z.number() }),
  segments: z.array(z.object({ tier: z.string(), count: z.number() })),
});
type Summary = z.infer<typeof Summary>;

const Health = z.object({
  status: z.string(),
  version: z.string(),
  commit: z.string().nullable(),
  database: z.object({ status: z.string(), backend: z.string(), latencyMs: z.number().optional(), error: z.string().optional() }),
});

const Agencies = z.object({
  agencies: z.array(z.object({ agencyId: z.string(), name: z.string(), role: z.string() })),
  currentAgencyId: z.string().nullable(),
});

const TierCustomers = z.object({ customers: z.array(z.object({ id: z.string() })) });

const SUMMARY_PATH = '/api/analytics/segmentation';
/** A large book's recomputation takes longer than a read. */
const REFRESH_TIMEOUT_MS = 120_000;
export const P95_LIMIT_MS = 500;
// Twenty, so that one stray slow call (a GC pause, a busy neighbour) is not the p95 by itself.
const P95_SAMPLES = 20;

function expectStatus(response: SmokeResponse, what: string, status = 200) {
  if (response.status === status) return;
  const location = response.headers.get('location');
  if (location && response.status >= 300 && response.status < 400) {
    throw new CheckFailed(`${what}: redirected to ${location}${/sign-in/.test(location) ? ' (the session was not accepted)' : ''}`);
  }
  throw new CheckFailed(`${what} answered ${describeStatus(response)}`);
}

function parseJson<T>(schema: z.ZodType<T>, response: SmokeResponse, what: string): T {
  const parsed = schema.safeParse(jsonOf(response));
  if (!parsed.success)
    throw new CheckFailed(`${what} answered ${response.status} with a body that is not the app's (${parsed.error.issues[0]?.message})`);
  return parsed.data;
}

function expectFourTiers(summary: Summary, what: string) {
  const tiers = summary.segments.map((segment) => segment.tier).join(', ');
  if (tiers !== TIERS.join(', ')) throw new CheckFailed(`${what} has tiers [${tiers}], expected [${TIERS.join(', ')}]`);
}

async function readSummary(state: SmokeState): Promise<Summary> {
  const response = await state.client.request(SUMMARY_PATH);
  expectStatus(response, `GET ${SUMMARY_PATH}`);
  const summary = parseJson(Summary, response, `GET ${SUMMARY_PATH}`);
  expectFourTiers(summary, `GET ${SUMMARY_PATH}`);
  return (state.summary = summary);
}

export async function checkHealth({ client }: SmokeState): Promise<string> {
  const response = await client.request('/api/health');
  const health = Health.safeParse(jsonOf(response));
  if (!health.success) {
    throw new CheckFailed(
      `GET /api/health answered ${response.status} without the app's health report: is ${client.base.origin} this app's address?`,
    );
  }
  const { status, version, commit, database } = health.data;
  if (response.status !== 200 || status !== 'ok') {
    throw new CheckFailed(
      `GET /api/health answered ${response.status}: database ${database.status}${database.error ? ` — ${database.error}` : ''}`,
    );
  }
  const latency = database.latencyMs === undefined ? '' : `, ${database.latencyMs} ms`;
  return `200: database up (${database.backend}${latency}), version ${version}, commit ${commit ?? 'not set'}`;
}

export async function checkSignIn(state: SmokeState): Promise<string> {
  const { email, password, demoDefault } = state.credentials;
  const response = await state.client.request('/api/auth/sign-in', { method: 'POST', json: { email, password } });
  if (response.status === 200 && state.client.hasCookies) {
    state.signedIn = true;
    return `signed in as ${email}`;
  }
  if (response.status === 200) throw new CheckFailed('POST /api/auth/sign-in answered 200 but set no session cookie');
  const hint =
    response.status === 401 && demoDefault
      ? '; the demo owner exists only where the demo agencies are seeded (the embedded default): pass --email and --password'
      : '';
  throw new CheckFailed(`sign-in refused for ${email}: ${describeStatus(response)}${hint}`);
}

export async function checkDashboard(state: SmokeState): Promise<string> {
  const response = await state.client.request('/analytics/segmentation', { headers: { accept: 'text/html' } });
  expectStatus(response, 'GET /analytics/segmentation');
  const page = readDashboard(response.text);
  const problems: string[] = [];
  if (page.tiers.join() !== TIERS.join()) {
    problems.push(`${page.tiers.length} tier card(s) [${page.tiers.join(', ')}] where [${TIERS.join(', ')}] belong`);
  }
  if (!page.badge) problems.push('no data badge');
  else if (!page.dataMode) problems.push(`a data badge reading "${page.badge}"`);
  if (problems.length) throw new CheckFailed(`the dashboard shows ${problems.join(' and ')}`);
  state.dataMode = page.dataMode!;
  const counts = page.tiers.map((tier) => `${tier} ${page.counts[tier] || '?'}`).join(', ');
  return `4 tier cards (${counts}), badge "${page.badge}"${page.agencyName ? `, ${page.agencyName}` : ''}`;
}

/** What the dashboard's Refresh button does: owners and admins recompute a live book, everyone else re-reads the summary. */
export async function checkRefresh(state: SmokeState): Promise<string> {
  const { client } = state;
  const agenciesResponse = await client.request('/api/agencies');
  expectStatus(agenciesResponse, 'GET /api/agencies');
  const { agencies, currentAgencyId } = parseJson(Agencies, agenciesResponse, 'GET /api/agencies');
  const agency = agencies.find((candidate) => candidate.agencyId === currentAgencyId);
  if (!agency || !isAgencyRole(agency.role)) throw new CheckFailed(`${state.credentials.email} has no current agency to refresh`);
  const before = await readSummary(state);
  const dataMode = state.dataMode ?? before.dataMode;
  if (!roleHas(agency.role, 'insights:refresh') || dataMode !== 'live') {
    const why =
      dataMode === 'live'
        ? `${/^[aeiou]/.test(agency.role) ? 'an' : 'a'} ${agency.role} cannot recompute`
        : 'demo data has nothing to recompute';
    return `re-read the summary, as Refresh does here (${why})`;
  }
  const path = `${SUMMARY_PATH}/refresh`;
  const response = await client.request(path, {
    method: 'POST',
    headers: { 'x-agency-id': agency.agencyId },
    timeoutMs: REFRESH_TIMEOUT_MS,
  });
  expectStatus(response, `POST ${path}`);
  const after = parseJson(Summary, response, `POST ${path}`);
  expectFourTiers(after, `POST ${path}`);
  state.summary = after;
  if (!after.computedAt || (before.computedAt && Date.parse(after.computedAt) <= Date.parse(before.computedAt))) {
    throw new CheckFailed(`POST ${path} answered 200 but the figures were not recomputed (computed at ${after.computedAt ?? 'never'})`);
  }
  return `recomputed ${agency.name}: ${after.totals.customers} customers, computed at ${after.computedAt}`;
}

/** The drill-down of the best tier that has customers (elite first): its API and its page. */
export async function checkTierList(state: SmokeState): Promise<string> {
  const summary = state.summary ?? (await readSummary(state));
  const segment = summary.segments.find((candidate) => candidate.count > 0);
  const tier = segment?.tier ?? TIERS[0];
  const live = summary.dataMode === 'live' && segment !== undefined;
  const apiPath = `${SUMMARY_PATH}/customers?tier=${tier}&limit=5`;
  const api = await state.client.request(apiPath);
  expectStatus(api, `GET ${apiPath}`);
  const { customers } = parseJson(TierCustomers, api, `GET ${apiPath}`);
  const pagePath = `/analytics/segmentation/${tier}`;
  const page = await state.client.request(pagePath, { headers: { accept: 'text/html' } });
  expectStatus(page, `GET ${pagePath}`);
  const list = readTierList(page.text);
  if (list.problem) throw new CheckFailed(`${pagePath} shows a problem: ${list.problem}`);
  if (!live) {
    if (!list.emptyAgency) throw new CheckFailed(`${pagePath} neither lists customers nor says the agency has none`);
    return `no customers to list (demo data); ${pagePath} says so`;
  }
  if (customers.length === 0) throw new CheckFailed(`GET ${apiPath} listed nobody, though the summary counts ${segment!.count} in ${tier}`);
  if (list.rows === 0) throw new CheckFailed(`${pagePath} shows no customer rows, though the summary counts ${segment!.count} in ${tier}`);
  return `${tier}: ${customers.length} customers from the API, ${list.rows} rows on ${pagePath} (of ${segment!.count})`;
}

/** Nearest-rank percentile of sorted values. */
const percentile = (sorted: number[], p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;

/** The handler's own time from Server-Timing (`handler;desc="total";dur=12.3`), when the server sends it. */
function handlerMs(response: SmokeResponse): number | null {
  const match = /handler;[^,]*dur=([\d.]+)/.exec(response.headers.get('server-timing') ?? '');
  return match ? Number(match[1]) : null;
}

export async function checkSummaryP95(state: SmokeState): Promise<string> {
  // One call first, not counted: a fresh deployment compiles and caches on its first request.
  expectStatus(await state.client.request(SUMMARY_PATH), `GET ${SUMMARY_PATH}`);
  const timings: number[] = [];
  const handlers: number[] = [];
  for (let call = 0; call < P95_SAMPLES; call += 1) {
    const response = await state.client.request(SUMMARY_PATH);
    expectStatus(response, `GET ${SUMMARY_PATH} (call ${call + 1} of ${P95_SAMPLES})`);
    timings.push(response.ms);
    const handler = handlerMs(response);
    if (handler !== null) handlers.push(handler);
  }
  const sorted = timings.sort((a, b) => a - b);
  const p95 = percentile(sorted, 95);
  const server = handlers.length
    ? `; the server's own p95 ${Math.round(
        percentile(
          handlers.sort((a, b) => a - b),
          95,
        ),
      )} ms`
    : '';
  const detail = `p95 ${Math.round(p95)} ms over ${P95_SAMPLES} calls of GET ${SUMMARY_PATH} (median ${Math.round(percentile(sorted, 50))} ms${server}); limit ${P95_LIMIT_MS} ms`;
  if (p95 >= P95_LIMIT_MS) throw new CheckFailed(detail);
  return detail;
}
