/** The reference's operations on accounts and the service: agencies, members, sign-in and out, health, the scheduler, this document. */
import { scheduledRefresh } from '@/lib/segmentation/use-cases/scheduled-refresh';
import { changeAgencyMemberRole, addAgencyMember, listAgencyMembers, removeAgencyMember } from '@/lib/tenancy/use-cases/members';
import { listMyAgencies, switchAgency } from '@/lib/tenancy/use-cases/agencies';
import { SignInBody, SignOutQuery } from '../../session-routes';
import { AGENCY_ID, MEMBER, MEMBERSHIP, USER_ID } from '../examples';
import { operationOf, type ApiOperation } from '../operation';
import * as shape from '../shapes';

const REFRESH_RUN: ApiOperation = {
  method: 'post',
  path: '/api/cron/refresh-customer-insights',
  tag: 'Operations',
  summary: 'Scheduled refresh',
  description:
    'For an external scheduler (the daily refresh also runs inside the app): recompute the tiers of every agency (`mode=full`), of those whose book changed (`recent`, the default) or of one (`agency` with `agency=<id>`). Any failed agency makes the answer 500, so the scheduler’s own alerting sees it.',
  auth: 'cron',
  who: 'The scheduler, with `Authorization: Bearer <CRON_SECRET>`',
  query: scheduledRefresh.query,
  rateLimit: null,
  problems: [400, 401, 503],
  agencyScoped: false,
  success: {
    status: 200,
    description: 'Every agency refreshed.',
    json: shape.RefreshOutcome,
    example: {
      mode: 'recent',
      agencies: 1,
      failed: 0,
      rows: 412,
      results: [{ agencyId: AGENCY_ID, status: 'ok', rows: 412, durationMs: 180 }],
    },
  },
};

export const ACCOUNT_OPERATIONS: ApiOperation[] = [
  operationOf(listMyAgencies, {
    method: 'get',
    path: '/api/agencies',
    tag: 'Agencies',
    summary: 'My agencies',
    description: 'The agencies the signed-in user belongs to, the role in each, and which one requests act on.',
    success: {
      status: 200,
      description: 'The agencies.',
      json: shape.MyAgencies,
      example: {
        agencies: [
          MEMBERSHIP,
          { agencyId: '38df989d-bab6-559f-a40e-de37b69c2fe8', name: 'Second Agency', slug: 'second-agency', role: 'admin' },
        ],
        currentAgencyId: AGENCY_ID,
      },
    },
  }),
  operationOf(switchAgency, {
    method: 'put',
    path: '/api/agencies/current',
    tag: 'Agencies',
    summary: 'Switch agency',
    description: 'Makes one of your agencies the current one (kept in a cookie, checked on every request). Any other id: 404.',
    body: { mediaType: 'application/json', example: { agencyId: AGENCY_ID } },
    success: { status: 200, description: 'The agency now current.', json: shape.ChosenAgency, example: { agency: MEMBERSHIP } },
  }),
  operationOf(listAgencyMembers, {
    method: 'get',
    path: '/api/members',
    tag: 'Agencies',
    summary: 'Members of the agency',
    description: 'The current agency’s members and their roles.',
    success: { status: 200, description: 'The members.', json: shape.MemberList, example: { members: [MEMBER] } },
  }),
  operationOf(addAgencyMember, {
    method: 'post',
    path: '/api/members',
    tag: 'Agencies',
    summary: 'Add a member',
    description: 'Adds an existing user by email with a role. Only an owner may add an owner.',
    body: { mediaType: 'application/json', example: { email: 'viewer@demo-agency.test', role: 'viewer' } },
    success: { status: 201, description: 'The new member.', json: shape.OneMember, example: { member: MEMBER } },
  }),
  operationOf(changeAgencyMemberRole, {
    method: 'patch',
    path: '/api/members/{userId}',
    tag: 'Agencies',
    summary: 'Change a member’s role',
    description: 'Owners manage anyone, admins everyone but owners; an agency always keeps one owner (409).',
    body: { mediaType: 'application/json', example: { role: 'agent' } },
    success: { status: 200, description: 'The member.', json: shape.OneMember, example: { member: { ...MEMBER, role: 'agent' } } },
  }),
  operationOf(removeAgencyMember, {
    method: 'delete',
    path: '/api/members/{userId}',
    tag: 'Agencies',
    summary: 'Remove a member',
    description: 'Removes the member; their sessions in the agency end at once. An agency always keeps one owner (409).',
    success: { status: 204, description: 'Removed.' },
  }),
  {
    method: 'post',
    path: '/api/auth/sign-in',
    tag: 'Sign-in',
    summary: 'Sign in',
    description:
      'Email and password; sets the session cookie. A wrong password and an unknown email get the same answer. Limited per client address and per email. A plain HTML form post gets redirects instead of JSON.',
    auth: 'none',
    who: 'Anyone',
    body: {
      mediaType: 'application/json',
      schema: SignInBody,
      example: { email: 'owner@demo-agency.test', password: 'correct horse battery staple' },
    },
    rateLimit: 'signInIp',
    problems: [400, 401, 403, 413, 429, 503],
    agencyScoped: false,
    success: {
      status: 200,
      description: 'Signed in; the session cookie is set.',
      json: shape.SignedIn,
      example: { userId: USER_ID },
      headers: { 'Set-Cookie': { description: 'The session cookie (HttpOnly, SameSite=Lax).', schema: { type: 'string' } } },
    },
  },
  {
    method: 'post',
    path: '/api/auth/sign-out',
    tag: 'Sign-in',
    summary: 'Sign out',
    description:
      'Ends the session on the server (a copied cookie stops working at once) and clears the cookies; `scope=global` ends every session of the user. Safe to call signed out.',
    auth: 'none',
    who: 'Anyone',
    query: SignOutQuery,
    rateLimit: null,
    problems: [400, 403, 503],
    agencyScoped: false,
    success: { status: 204, description: 'Signed out.' },
  },
  {
    method: 'get',
    path: '/api/health',
    tag: 'Operations',
    summary: 'Health',
    description:
      'Liveness plus one database round trip, for the platform’s health check and uptime monitors: 200 when the database answers, 503 with the reason when it does not.',
    auth: 'none',
    who: 'Anyone',
    rateLimit: null,
    problems: [],
    agencyScoped: false,
    success: {
      status: 200,
      description: 'The app and its database are up.',
      json: shape.Health,
      example: {
        status: 'ok',
        version: '0.1.0',
        commit: '85b1f61',
        time: '2026-06-30T14:00:00.000Z',
        database: { status: 'up', backend: 'postgres', latencyMs: 2 },
      },
    },
  },
  REFRESH_RUN,
  {
    ...REFRESH_RUN,
    method: 'get',
    summary: 'Scheduled refresh (GET)',
    description: `${REFRESH_RUN.description} The same as the POST, for schedulers that only send GET.`,
  },
  {
    method: 'get',
    path: '/api/metrics',
    tag: 'Operations',
    summary: 'Metrics',
    description:
      'This process’s metrics in the Prometheus text format: request durations by route, method and status; refresh and import durations and rows; rate-limit rejections; database pool; event-loop lag and memory. Answers 404 when the deployment sets no METRICS_TOKEN. Each replica counts its own requests.',
    auth: 'metrics',
    who: 'A scraper, with `Authorization: Bearer <METRICS_TOKEN>`',
    rateLimit: null,
    problems: [401, 404],
    agencyScoped: false,
    success: {
      status: 200,
      description: 'The metrics.',
      text: {
        mediaType: 'text/plain; version=0.0.4',
        example:
          '# HELP http_request_duration_seconds API request duration.\n# TYPE http_request_duration_seconds histogram\nhttp_request_duration_seconds_bucket{le="0.05",route="/api/analytics/segmentation",method="GET",status="200"} 41\n',
      },
    },
  },
  {
    method: 'get',
    path: '/api/openapi.json',
    tag: 'Operations',
    summary: 'This reference',
    description: 'The OpenAPI 3.1 document of this API, generated from the schemas the routes parse their input with. Holds no data.',
    auth: 'none',
    who: 'Anyone',
    rateLimit: null,
    problems: [],
    agencyScoped: false,
    success: {
      status: 200,
      description: 'The document.',
      json: shape.OpenApiDocument,
      example: { openapi: '3.1.0', info: { title: 'Customer Segmentation API' }, paths: {} },
    },
  },
];
