import * as agencies from '@/app/api/agencies/route';
import * as segmentation from '@/app/api/analytics/segmentation/route';
import * as segmentationRefresh from '@/app/api/analytics/segmentation/refresh/route';
import * as tierCustomers from '@/app/api/analytics/segmentation/customers/route';
import * as tierExport from '@/app/api/analytics/segmentation/export/route';
import * as tierMovement from '@/app/api/analytics/segmentation/movement/route';
import * as retention from '@/app/api/analytics/segmentation/retention/route';
import * as historyBackfill from '@/app/api/analytics/segmentation/history/route';
import * as trends from '@/app/api/analytics/segmentation/trends/route';
import * as movers from '@/app/api/analytics/segmentation/movers/route';
import * as moversExport from '@/app/api/analytics/segmentation/movers/export/route';
import * as rulesPreview from '@/app/api/analytics/segmentation/settings/preview/route';
import * as rulesSettings from '@/app/api/analytics/segmentation/settings/route';
import { DEFAULT_RULES } from '@/lib/segmentation/rules';
import * as currentAgency from '@/app/api/agencies/current/route';
import * as customer from '@/app/api/customers/[customerId]/route';
import * as customers from '@/app/api/customers/route';
import * as member from '@/app/api/members/[userId]/route';
import * as members from '@/app/api/members/route';
import * as importJob from '@/app/api/customers/import/[jobId]/route';
import * as importCommit from '@/app/api/customers/import/[jobId]/commit/route';
import * as importAnalyze from '@/app/api/customers/import/analyze/route';
import * as importSkippedRows from '@/app/api/customers/import/[jobId]/skipped-rows/route';
import * as importTemplate from '@/app/api/customers/import/template/route';
import * as imports from '@/app/api/customers/import/route';
import * as testErrorReport from '@/app/api/ops/error-report/test/route';
import type { RateLimitFamily } from '@/lib/api/rate-limits';
import type { CallOptions } from './http';
import type { Database } from '@/lib/db';
import { DEMO_AGENCY_ID, SECOND_AGENCY_ID, UNKNOWN_ID, USERS, userIdOf } from './fixtures';
import { createImportJobs } from './import';

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/**
 * Every authenticated API route, with what a valid call looks like and how to break it. The
 * guard tests run each case against each rule of withAgencyAuth, so a new route added here is
 * checked for 401, 403, 404, 400 and 429 without writing new tests.
 */
export interface RouteCase {
  name: string;
  handler: Handler;
  /** A valid call; ids are filled in by the test from its fixtures. */
  valid: (ids: FixtureIds) => CallOptions;
  /** Success status for an allowed role. */
  okStatus: number;
  /** The lowest role that is refused (403), or null when every member may call it. */
  refusedRole: 'agent' | 'viewer' | null;
  /** Calls naming another agency's resource and a nonexistent one; both must answer alike. */
  foreign: ((ids: FixtureIds) => { theirs: CallOptions; nonexistent: CallOptions }) | null;
  /** Malformed calls, each expected to fail with a 400 naming the field. */
  malformed: ((ids: FixtureIds) => { call: CallOptions; field: string })[];
  rateLimit: RateLimitFamily;
}

export interface FixtureIds {
  demoCustomerId: string;
  secondCustomerId: string;
  demoAgencyId: string;
  /** Validated import jobs of Demo Agency (one per route that consumes one) and of Second Agency. */
  importJobs: { read: string; commit: string; cancel: string; second: string };
}

/**
 * The ids the route cases need, in a seeded database: a Demo Agency customer, a Second Agency
 * customer (created here) and validated import jobs.
 */
export async function createRouteFixtures(db: Database): Promise<FixtureIds> {
  const [demo] = await db.query<{ id: string }>(`select id from customers where agency_id = $1 order by external_id limit 1`, [
    DEMO_AGENCY_ID,
  ]);
  const [second] = await db.query<{ id: string }>(`insert into customers (agency_id, external_id) values ($1, 'S-1') returning id`, [
    SECOND_AGENCY_ID,
  ]);
  return { demoCustomerId: demo!.id, secondCustomerId: second!.id, demoAgencyId: DEMO_AGENCY_ID, importJobs: await createImportJobs(db) };
}

const SMALL_BOOK = 'customer_id,policy_id,line_of_business,annual_premium,effective_date\r\nG-1,GP-1,auto,100.00,2026-01-01\r\n';
const csvCall = (path: string, body = SMALL_BOOK): CallOptions => ({
  method: 'POST',
  path,
  rawBody: body,
  headers: { 'content-type': 'text/csv' },
});
const AUTO_MAPPING = encodeURIComponent(
  JSON.stringify({
    customer_id: 'customer_id',
    policy_id: 'policy_id',
    line_of_business: 'line_of_business',
    annual_premium: 'annual_premium',
    effective_date: 'effective_date',
  }),
);
const jobCall = (method: string, jobId: string, suffix = ''): CallOptions => ({
  method,
  path: `/api/customers/import/${jobId}${suffix}`,
  params: { jobId },
});

const withAgency = (call: CallOptions, agencyId: string): CallOptions => ({ ...call, agencyId });

export const ROUTES: RouteCase[] = [
  {
    name: 'GET /api/analytics/segmentation/retention',
    handler: retention.GET,
    valid: () => ({ path: '/api/analytics/segmentation/retention' }),
    okStatus: 200,
    refusedRole: null,
    foreign: () => ({
      theirs: withAgency({ path: '/api/analytics/segmentation/retention' }, SECOND_AGENCY_ID),
      nonexistent: withAgency({ path: '/api/analytics/segmentation/retention' }, UNKNOWN_ID),
    }),
    malformed: [
      () => ({ call: { path: '/api/analytics/segmentation/retention?asOf=30/06/2026' }, field: 'query.asOf' }),
      () => ({ call: { path: '/api/analytics/segmentation/retention?asOf=year' }, field: 'query.asOf' }),
      // Well-formed, but no snapshot was taken that day.
      () => ({ call: { path: '/api/analytics/segmentation/retention?asOf=2026-06-15' }, field: 'query.asOf' }),
    ],
    rateLimit: 'read',
  },
  {
    name: 'GET /api/analytics/segmentation/history',
    handler: historyBackfill.GET,
    valid: () => ({ path: '/api/analytics/segmentation/history' }),
    okStatus: 200,
    refusedRole: null,
    foreign: () => ({
      theirs: withAgency({ path: '/api/analytics/segmentation/history' }, SECOND_AGENCY_ID),
      nonexistent: withAgency({ path: '/api/analytics/segmentation/history' }, UNKNOWN_ID),
    }),
    // It takes no input to get wrong.
    malformed: [],
    rateLimit: 'read',
  },
  {
    name: 'POST /api/analytics/segmentation/history',
    handler: historyBackfill.POST,
    // Starts Demo Agency's backfill in the background; calls while it runs answer 409 (not 429).
    valid: () => ({ method: 'POST', path: '/api/analytics/segmentation/history' }),
    okStatus: 202,
    refusedRole: 'agent',
    foreign: () => ({
      theirs: withAgency({ method: 'POST', path: '/api/analytics/segmentation/history' }, SECOND_AGENCY_ID),
      nonexistent: withAgency({ method: 'POST', path: '/api/analytics/segmentation/history' }, UNKNOWN_ID),
    }),
    malformed: [
      () => ({ call: { method: 'POST', path: '/api/analytics/segmentation/history?mode=everything' }, field: 'query.mode' }),
      () => ({ call: { method: 'POST', path: '/api/analytics/segmentation/history?mode=' }, field: 'query.mode' }),
    ],
    rateLimit: 'refresh',
  },
  {
    name: 'GET /api/analytics/segmentation/movement',
    handler: tierMovement.GET,
    valid: () => ({ path: '/api/analytics/segmentation/movement' }),
    okStatus: 200,
    refusedRole: null,
    foreign: () => ({
      theirs: withAgency({ path: '/api/analytics/segmentation/movement' }, SECOND_AGENCY_ID),
      nonexistent: withAgency({ path: '/api/analytics/segmentation/movement' }, UNKNOWN_ID),
    }),
    malformed: [() => ({ call: { path: '/api/analytics/segmentation/movement?from=30/06/2026' }, field: 'query.from' })],
    rateLimit: 'read',
  },
  {
    name: 'GET /api/analytics/segmentation/movers',
    handler: movers.GET,
    valid: () => ({ path: '/api/analytics/segmentation/movers?direction=down' }),
    okStatus: 200,
    refusedRole: null,
    foreign: () => ({
      theirs: withAgency({ path: '/api/analytics/segmentation/movers?direction=down' }, SECOND_AGENCY_ID),
      nonexistent: withAgency({ path: '/api/analytics/segmentation/movers?direction=down' }, UNKNOWN_ID),
    }),
    malformed: [
      () => ({ call: { path: '/api/analytics/segmentation/movers?direction=sideways' }, field: 'query.direction' }),
      () => ({ call: { path: '/api/analytics/segmentation/movers?direction=up&from=30/06/2026' }, field: 'query.from' }),
      () => ({ call: { path: '/api/analytics/segmentation/movers?direction=up&cursor=bm90LWEtY3Vyc29y' }, field: 'query.cursor' }),
    ],
    rateLimit: 'read',
  },
  {
    name: 'GET /api/analytics/segmentation/movers/export',
    handler: moversExport.GET,
    valid: () => ({ path: '/api/analytics/segmentation/movers/export?direction=up' }),
    okStatus: 200,
    refusedRole: 'viewer',
    foreign: () => ({
      theirs: withAgency({ path: '/api/analytics/segmentation/movers/export?direction=up' }, SECOND_AGENCY_ID),
      nonexistent: withAgency({ path: '/api/analytics/segmentation/movers/export?direction=up' }, UNKNOWN_ID),
    }),
    malformed: [
      () => ({ call: { path: '/api/analytics/segmentation/movers/export' }, field: 'query.direction' }),
      () => ({ call: { path: '/api/analytics/segmentation/movers/export?direction=down&sort=shoe-size' }, field: 'query.sort' }),
    ],
    rateLimit: 'export',
  },
  {
    name: 'GET /api/analytics/segmentation/settings',
    handler: rulesSettings.GET,
    valid: () => ({ path: '/api/analytics/segmentation/settings' }),
    okStatus: 200,
    refusedRole: null,
    foreign: () => ({
      theirs: withAgency({ path: '/api/analytics/segmentation/settings' }, SECOND_AGENCY_ID),
      nonexistent: withAgency({ path: '/api/analytics/segmentation/settings' }, UNKNOWN_ID),
    }),
    malformed: [],
    rateLimit: 'read',
  },
  {
    name: 'PUT /api/analytics/segmentation/settings',
    handler: rulesSettings.PUT,
    // Version 1: the seeded agency has never changed its rules.
    valid: () => ({ method: 'PUT', path: '/api/analytics/segmentation/settings', body: { rules: DEFAULT_RULES, expectedVersion: 1 } }),
    okStatus: 200,
    refusedRole: 'agent',
    foreign: () => ({
      theirs: withAgency(
        { method: 'PUT', path: '/api/analytics/segmentation/settings', body: { rules: DEFAULT_RULES, expectedVersion: 1 } },
        SECOND_AGENCY_ID,
      ),
      nonexistent: withAgency(
        { method: 'PUT', path: '/api/analytics/segmentation/settings', body: { rules: DEFAULT_RULES, expectedVersion: 1 } },
        UNKNOWN_ID,
      ),
    }),
    malformed: [
      () => ({
        call: {
          method: 'PUT',
          path: '/api/analytics/segmentation/settings',
          body: { rules: { ...DEFAULT_RULES, standard: [{ minPremium: 0, minLines: 99 }] }, expectedVersion: 1 },
        },
        field: 'body.rules.standard.0.minLines',
      }),
      () => ({
        call: { method: 'PUT', path: '/api/analytics/segmentation/settings', body: { rules: DEFAULT_RULES } },
        field: 'body.expectedVersion',
      }),
    ],
    rateLimit: 'write',
  },
  {
    name: 'POST /api/analytics/segmentation/settings/preview',
    handler: rulesPreview.POST,
    valid: () => ({ method: 'POST', path: '/api/analytics/segmentation/settings/preview', body: { rules: DEFAULT_RULES } }),
    okStatus: 200,
    refusedRole: 'agent',
    foreign: () => ({
      theirs: withAgency(
        { method: 'POST', path: '/api/analytics/segmentation/settings/preview', body: { rules: DEFAULT_RULES } },
        SECOND_AGENCY_ID,
      ),
      nonexistent: withAgency(
        { method: 'POST', path: '/api/analytics/segmentation/settings/preview', body: { rules: DEFAULT_RULES } },
        UNKNOWN_ID,
      ),
    }),
    malformed: [
      () => ({
        call: { method: 'POST', path: '/api/analytics/segmentation/settings/preview', body: { rules: { elite: [] } } },
        field: 'body.rules.elite',
      }),
    ],
    rateLimit: 'batch',
  },
  {
    name: 'GET /api/analytics/segmentation/export',
    handler: tierExport.GET,
    valid: () => ({ path: '/api/analytics/segmentation/export?tier=entry' }),
    okStatus: 200,
    refusedRole: 'viewer',
    foreign: () => ({
      theirs: withAgency({ path: '/api/analytics/segmentation/export' }, SECOND_AGENCY_ID),
      nonexistent: withAgency({ path: '/api/analytics/segmentation/export' }, UNKNOWN_ID),
    }),
    malformed: [
      () => ({ call: { path: '/api/analytics/segmentation/export?sort=shoe-size' }, field: 'query.sort' }),
      () => ({ call: { path: '/api/analytics/segmentation/export?crossSell=maybe' }, field: 'query.crossSell' }),
    ],
    rateLimit: 'export',
  },
  {
    name: 'GET /api/analytics/segmentation/customers',
    handler: tierCustomers.GET,
    valid: () => ({ path: '/api/analytics/segmentation/customers?tier=entry&sort=premium&limit=5' }),
    okStatus: 200,
    refusedRole: null,
    foreign: () => ({
      theirs: withAgency({ path: '/api/analytics/segmentation/customers' }, SECOND_AGENCY_ID),
      nonexistent: withAgency({ path: '/api/analytics/segmentation/customers' }, UNKNOWN_ID),
    }),
    malformed: [
      () => ({ call: { path: '/api/analytics/segmentation/customers?sort=shoe-size' }, field: 'query.sort' }),
      () => ({ call: { path: '/api/analytics/segmentation/customers?tier=gold' }, field: 'query.tier' }),
      () => ({ call: { path: '/api/analytics/segmentation/customers?cursor=bm90LWEtY3Vyc29y' }, field: 'query.cursor' }),
      () => ({ call: { path: '/api/analytics/segmentation/customers?renewalWithinDays=-3' }, field: 'query.renewalWithinDays' }),
    ],
    rateLimit: 'read',
  },
  {
    name: 'GET /api/customers/import',
    handler: imports.GET,
    valid: () => ({ path: '/api/customers/import' }),
    okStatus: 200,
    refusedRole: 'agent',
    foreign: () => ({
      theirs: withAgency({ path: '/api/customers/import' }, SECOND_AGENCY_ID),
      nonexistent: withAgency({ path: '/api/customers/import' }, UNKNOWN_ID),
    }),
    malformed: [],
    rateLimit: 'read',
  },
  {
    name: 'POST /api/customers/import/analyze',
    handler: importAnalyze.POST,
    valid: () => csvCall(`/api/customers/import/analyze?size=${SMALL_BOOK.length}`),
    okStatus: 200,
    refusedRole: 'agent',
    foreign: null,
    malformed: [
      () => ({ call: csvCall('/api/customers/import/analyze'), field: 'query.size' }),
      () => ({ call: csvCall('/api/customers/import/analyze?size=-1'), field: 'query.size' }),
    ],
    rateLimit: 'write',
  },
  {
    name: 'POST /api/customers/import',
    handler: imports.POST,
    valid: () => csvCall(`/api/customers/import?fileName=book.csv&mapping=${AUTO_MAPPING}`),
    okStatus: 201,
    refusedRole: 'agent',
    foreign: null,
    malformed: [
      () => ({ call: csvCall(`/api/customers/import?mapping=${AUTO_MAPPING}&mode=overwrite`), field: 'query.mode' }),
      () => ({ call: csvCall('/api/customers/import?mapping=%7Bnot-json'), field: 'query.mapping' }),
      () => ({ call: csvCall(`/api/customers/import?mapping=${encodeURIComponent('{"premium_usd":"x"}')}`), field: 'query.mapping' }),
      () => ({ call: csvCall('/api/customers/import'), field: 'query.mapping' }),
    ],
    rateLimit: 'import',
  },
  {
    name: 'GET /api/customers/import/:jobId',
    handler: importJob.GET,
    valid: ({ importJobs }) => jobCall('GET', importJobs.read),
    okStatus: 200,
    refusedRole: 'agent',
    foreign: ({ importJobs }) => ({ theirs: jobCall('GET', importJobs.second), nonexistent: jobCall('GET', UNKNOWN_ID) }),
    malformed: [() => ({ call: jobCall('GET', 'not-a-uuid'), field: 'params.jobId' })],
    rateLimit: 'read',
  },
  {
    name: 'DELETE /api/customers/import/:jobId',
    handler: importJob.DELETE,
    valid: ({ importJobs }) => jobCall('DELETE', importJobs.cancel),
    okStatus: 204,
    refusedRole: 'agent',
    foreign: ({ importJobs }) => ({ theirs: jobCall('DELETE', importJobs.second), nonexistent: jobCall('DELETE', UNKNOWN_ID) }),
    malformed: [() => ({ call: jobCall('DELETE', '42'), field: 'params.jobId' })],
    rateLimit: 'write',
  },
  {
    name: 'POST /api/customers/import/:jobId/commit',
    handler: importCommit.POST,
    valid: ({ importJobs }) => jobCall('POST', importJobs.commit, '/commit'),
    okStatus: 200,
    refusedRole: 'agent',
    foreign: ({ importJobs }) => ({
      theirs: jobCall('POST', importJobs.second, '/commit'),
      nonexistent: jobCall('POST', UNKNOWN_ID, '/commit'),
    }),
    malformed: [() => ({ call: jobCall('POST', 'x', '/commit'), field: 'params.jobId' })],
    rateLimit: 'write',
  },
  {
    name: 'GET /api/customers/import/:jobId/skipped-rows',
    handler: importSkippedRows.GET,
    valid: ({ importJobs }) => jobCall('GET', importJobs.read, '/skipped-rows'),
    okStatus: 200,
    refusedRole: 'agent',
    foreign: ({ importJobs }) => ({
      theirs: jobCall('GET', importJobs.second, '/skipped-rows'),
      nonexistent: jobCall('GET', UNKNOWN_ID, '/skipped-rows'),
    }),
    malformed: [() => ({ call: jobCall('GET', 'row-7', '/skipped-rows'), field: 'params.jobId' })],
    rateLimit: 'read',
  },
  {
    name: 'GET /api/customers/import/template',
    handler: importTemplate.GET,
    valid: () => ({ path: '/api/customers/import/template' }),
    okStatus: 200,
    refusedRole: 'agent',
    foreign: () => ({
      theirs: withAgency({ path: '/api/customers/import/template' }, SECOND_AGENCY_ID),
      nonexistent: withAgency({ path: '/api/customers/import/template' }, UNKNOWN_ID),
    }),
    malformed: [],
    rateLimit: 'read',
  },
  {
    name: 'GET /api/agencies',
    handler: agencies.GET,
    valid: () => ({ path: '/api/agencies' }),
    okStatus: 200,
    refusedRole: null,
    // The caller's own agencies only: it takes no agency id to misuse.
    foreign: null,
    malformed: [],
    rateLimit: 'read',
  },
  {
    name: 'PUT /api/agencies/current',
    handler: currentAgency.PUT,
    valid: ({ demoAgencyId }) => ({ method: 'PUT', path: '/api/agencies/current', body: { agencyId: demoAgencyId } }),
    okStatus: 200,
    refusedRole: null,
    foreign: () => ({
      theirs: { method: 'PUT', path: '/api/agencies/current', body: { agencyId: SECOND_AGENCY_ID } },
      nonexistent: { method: 'PUT', path: '/api/agencies/current', body: { agencyId: UNKNOWN_ID } },
    }),
    malformed: [
      () => ({ call: { method: 'PUT', path: '/api/agencies/current', body: { agencyId: 'not-a-uuid' } }, field: 'body.agencyId' }),
      () => ({ call: { method: 'PUT', path: '/api/agencies/current', rawBody: '{"agencyId":' }, field: 'body' }),
    ],
    rateLimit: 'write',
  },
  {
    name: 'GET /api/customers',
    handler: customers.GET,
    valid: () => ({ path: '/api/customers?limit=5' }),
    okStatus: 200,
    refusedRole: null,
    foreign: () => ({
      theirs: withAgency({ path: '/api/customers' }, SECOND_AGENCY_ID),
      nonexistent: withAgency({ path: '/api/customers' }, UNKNOWN_ID),
    }),
    malformed: [
      () => ({ call: { path: '/api/customers?limit=abc' }, field: 'query.limit' }),
      () => ({ call: { path: '/api/customers?limit=1000' }, field: 'query.limit' }),
      () => ({ call: { path: '/api/customers?cursor=%27%3B%20drop' }, field: 'query.cursor' }),
      // Well-formed base64url that decodes to a NUL byte: still the caller's mistake, never a 500.
      () => ({ call: { path: '/api/customers?cursor=AA' }, field: 'query.cursor' }),
    ],
    rateLimit: 'read',
  },
  {
    name: 'GET /api/customers/:customerId',
    handler: customer.GET,
    valid: ({ demoCustomerId }) => ({ path: `/api/customers/${demoCustomerId}`, params: { customerId: demoCustomerId } }),
    okStatus: 200,
    refusedRole: null,
    foreign: ({ secondCustomerId }) => ({
      theirs: { path: `/api/customers/${secondCustomerId}`, params: { customerId: secondCustomerId } },
      nonexistent: { path: `/api/customers/${UNKNOWN_ID}`, params: { customerId: UNKNOWN_ID } },
    }),
    malformed: [() => ({ call: { path: '/api/customers/123', params: { customerId: '123' } }, field: 'params.customerId' })],
    rateLimit: 'read',
  },
  {
    name: 'GET /api/members',
    handler: members.GET,
    valid: () => ({ path: '/api/members' }),
    okStatus: 200,
    refusedRole: null,
    foreign: () => ({
      theirs: withAgency({ path: '/api/members' }, SECOND_AGENCY_ID),
      nonexistent: withAgency({ path: '/api/members' }, UNKNOWN_ID),
    }),
    malformed: [],
    rateLimit: 'read',
  },
  {
    name: 'POST /api/members',
    handler: members.POST,
    // The outsider (Second Agency's owner) joins Demo Agency as a viewer.
    valid: () => ({ method: 'POST', path: '/api/members', body: { email: USERS.outsider, role: 'viewer' } }),
    okStatus: 201,
    refusedRole: 'agent',
    foreign: () => ({
      theirs: withAgency({ method: 'POST', path: '/api/members', body: { email: USERS.agent, role: 'viewer' } }, SECOND_AGENCY_ID),
      nonexistent: withAgency({ method: 'POST', path: '/api/members', body: { email: USERS.agent, role: 'viewer' } }, UNKNOWN_ID),
    }),
    malformed: [
      () => ({ call: { method: 'POST', path: '/api/members', body: { email: 'nobody', role: 'viewer' } }, field: 'body.email' }),
      () => ({ call: { method: 'POST', path: '/api/members', body: { email: USERS.outsider, role: 'emperor' } }, field: 'body.role' }),
      () => ({ call: { method: 'POST', path: '/api/members', rawBody: 'not json' }, field: 'body' }),
    ],
    rateLimit: 'write',
  },
  {
    name: 'PATCH /api/members/:userId',
    handler: member.PATCH,
    valid: () => ({
      method: 'PATCH',
      path: `/api/members/${userIdOf(USERS.viewer)}`,
      params: { userId: userIdOf(USERS.viewer) },
      body: { role: 'viewer' },
    }),
    okStatus: 200,
    refusedRole: 'agent',
    foreign: () => ({
      theirs: {
        method: 'PATCH',
        path: `/api/members/${userIdOf(USERS.outsider)}`,
        params: { userId: userIdOf(USERS.outsider) },
        body: { role: 'viewer' },
      },
      nonexistent: { method: 'PATCH', path: `/api/members/${UNKNOWN_ID}`, params: { userId: UNKNOWN_ID }, body: { role: 'viewer' } },
    }),
    malformed: [
      () => ({
        call: { method: 'PATCH', path: '/api/members/x', params: { userId: 'x' }, body: { role: 'viewer' } },
        field: 'params.userId',
      }),
      () => ({
        call: { method: 'PATCH', path: `/api/members/${userIdOf(USERS.viewer)}`, params: { userId: userIdOf(USERS.viewer) }, body: {} },
        field: 'body.role',
      }),
    ],
    rateLimit: 'write',
  },
  {
    name: 'DELETE /api/members/:userId',
    handler: member.DELETE,
    valid: () => ({ method: 'DELETE', path: `/api/members/${userIdOf(USERS.viewer)}`, params: { userId: userIdOf(USERS.viewer) } }),
    okStatus: 204,
    refusedRole: 'agent',
    foreign: () => ({
      theirs: { method: 'DELETE', path: `/api/members/${userIdOf(USERS.outsider)}`, params: { userId: userIdOf(USERS.outsider) } },
      nonexistent: { method: 'DELETE', path: `/api/members/${UNKNOWN_ID}`, params: { userId: UNKNOWN_ID } },
    }),
    malformed: [() => ({ call: { method: 'DELETE', path: '/api/members/1', params: { userId: '1' } }, field: 'params.userId' })],
    rateLimit: 'write',
  },
  {
    name: 'GET /api/analytics/segmentation',
    handler: segmentation.GET,
    valid: () => ({ path: '/api/analytics/segmentation' }),
    okStatus: 200,
    refusedRole: null,
    foreign: () => ({
      theirs: withAgency({ path: '/api/analytics/segmentation' }, SECOND_AGENCY_ID),
      nonexistent: withAgency({ path: '/api/analytics/segmentation' }, UNKNOWN_ID),
    }),
    malformed: [
      () => ({ call: { path: '/api/analytics/segmentation?compareTo=last-week' }, field: 'query.compareTo' }),
      // The seed's only snapshot is its refresh day: another date is no snapshot day.
      () => ({ call: { path: '/api/analytics/segmentation?compareTo=2026-06-01' }, field: 'query.compareTo' }),
    ],
    rateLimit: 'read',
  },
  {
    name: 'GET /api/analytics/segmentation/trends',
    handler: trends.GET,
    valid: () => ({ path: '/api/analytics/segmentation/trends?months=12' }),
    okStatus: 200,
    refusedRole: null,
    foreign: () => ({
      theirs: withAgency({ path: '/api/analytics/segmentation/trends' }, SECOND_AGENCY_ID),
      nonexistent: withAgency({ path: '/api/analytics/segmentation/trends' }, UNKNOWN_ID),
    }),
    malformed: [
      () => ({ call: { path: '/api/analytics/segmentation/trends?months=37' }, field: 'query.months' }),
      () => ({ call: { path: '/api/analytics/segmentation/trends?months=0' }, field: 'query.months' }),
      () => ({ call: { path: '/api/analytics/segmentation/trends?months=6.5' }, field: 'query.months' }),
    ],
    rateLimit: 'read',
  },
  {
    name: 'POST /api/analytics/segmentation',
    handler: segmentation.POST,
    valid: () => ({
      method: 'POST',
      path: '/api/analytics/segmentation',
      body: { customers: [{ policies: [{ lineOfBusiness: 'auto', annualPremium: 1200, effectiveDate: '2026-01-01' }] }] },
    }),
    okStatus: 200,
    refusedRole: null,
    foreign: () => ({
      theirs: withAgency(
        { method: 'POST', path: '/api/analytics/segmentation', body: { customers: [{ policies: [] }] } },
        SECOND_AGENCY_ID,
      ),
      nonexistent: withAgency({ method: 'POST', path: '/api/analytics/segmentation', body: { customers: [{ policies: [] }] } }, UNKNOWN_ID),
    }),
    malformed: [
      () => ({ call: { method: 'POST', path: '/api/analytics/segmentation', body: { customers: [] } }, field: 'body.customers' }),
      () => ({
        call: {
          method: 'POST',
          path: '/api/analytics/segmentation',
          body: { customers: [{ policies: [{ lineOfBusiness: 'auto', annualPremium: 'ten', effectiveDate: '2026-01-01' }] }] },
        },
        field: 'body.customers.0.policies.0.annualPremium',
      }),
    ],
    rateLimit: 'batch',
  },
  {
    name: 'POST /api/analytics/segmentation/refresh',
    handler: segmentationRefresh.POST,
    valid: () => ({ method: 'POST', path: '/api/analytics/segmentation/refresh' }),
    okStatus: 200,
    refusedRole: 'agent',
    foreign: () => ({
      theirs: withAgency({ method: 'POST', path: '/api/analytics/segmentation/refresh' }, SECOND_AGENCY_ID),
      nonexistent: withAgency({ method: 'POST', path: '/api/analytics/segmentation/refresh' }, UNKNOWN_ID),
    }),
    malformed: [],
    rateLimit: 'refresh',
  },
  {
    name: 'POST /api/ops/error-report/test',
    handler: testErrorReport.POST,
    // Fails on purpose: a valid call is answered 500 problem+json (tests/integration/sentry-server.test.ts).
    valid: () => ({ method: 'POST', path: '/api/ops/error-report/test' }),
    okStatus: 500,
    refusedRole: 'agent',
    foreign: () => ({
      theirs: withAgency({ method: 'POST', path: '/api/ops/error-report/test' }, SECOND_AGENCY_ID),
      nonexistent: withAgency({ method: 'POST', path: '/api/ops/error-report/test' }, UNKNOWN_ID),
    }),
    // It takes no input to get wrong.
    malformed: [],
    rateLimit: 'testErrorReport',
  },
];

/**
 * The API routes that are not in ROUTES, and why: withAgencyAuth does not guard them, so its
 * 401/403/404/400/429 cases do not apply. Each is public (withPublicRoute) and has its own tests.
 * tests/unit/route-table.test.ts fails when a route.ts method is in neither list.
 */
export const PUBLIC_ROUTES: { name: string; why: string }[] = [
  { name: 'POST /api/auth/sign-in', why: 'signs in: no session yet (tests/integration/sign-in.test.ts)' },
  { name: 'POST /api/auth/sign-out', why: 'safe to call signed out (tests/integration/sessions.test.ts)' },
  { name: 'GET /api/health', why: 'for health checks and uptime monitors (tests/integration/health.test.ts)' },
  {
    name: 'GET /api/openapi.json',
    why: 'the API reference, no data in it (tests/unit/openapi.test.ts)',
  },
  {
    name: 'GET /api/cron/refresh-customer-insights',
    why: 'the scheduler, Bearer CRON_SECRET instead of a session (tests/integration/api-segmentation.test.ts)',
  },
  {
    name: 'POST /api/cron/refresh-customer-insights',
    why: 'the scheduler, Bearer CRON_SECRET instead of a session (tests/integration/api-segmentation.test.ts)',
  },
  { name: 'GET /api/metrics', why: 'the scraper, Bearer METRICS_TOKEN instead of a session (tests/integration/metrics.test.ts)' },
  {
    name: 'POST /api/monitoring',
    why: "the browser's error reports: same origin and a limit per address instead of a session (tests/integration/sentry-tunnel.test.ts)",
  },
];
