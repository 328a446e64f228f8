import { AGENCY_COOKIE } from '@/lib/auth/cookies';
import { applyCookies, requestCookieJar } from '@/lib/http/request-cookies';
import { readSession } from '@/lib/auth/session';
import { asUser, type Queryable } from '@/lib/db';
import { DomainError, type DomainErrorCode } from '@/lib/domain-error';
import { logger } from '@/lib/observability/logger';
import { recordRequest } from '@/lib/observability/metrics';
import { measureRequest, requestDatabaseMilliseconds } from '@/lib/observability/request-timing';
import { chooseAgency, listMyMemberships, preferredAgency, type Membership } from '@/lib/tenancy/agencies';
import { roleHas, type Permission } from '@/lib/tenancy/permissions';
import { DEFAULT_MAX_BODY_BYTES, finishReadingBody, readJsonBody } from './body';
import { toApiError } from './error-mapper';
import { parseInput } from '@/lib/parse-input';
import { forbidden, notFound, problemResponse, unauthorized } from './problem';
import { consumeRateLimit, rateLimited, rateLimitHeaders } from './rate-limits';
import type { AgencyUseCase, Caller, UseCaseOf, UserUseCase } from '@/lib/use-case';
import { assertSameOrigin, queryObject, requestIdFor } from './request';
import { isHttpsRequest } from '@/lib/http/forwarded';
import { API_CONTENT_SECURITY_POLICY, applySecurityHeaders } from './security-headers';
import { routePattern } from './route-pattern';

/** Refusals any use case may meet without declaring them: input the caller got wrong, a database that is down. */
const ALWAYS_POSSIBLE: readonly DomainErrorCode[] = ['invalid', 'unavailable'];

/** What a presenter gets besides the use case's result: the request, for what only HTTP has (Accept, cookies). */
export interface PresentContext {
  request: Request;
  requestId: string;
  /** Cookies to set on the response (the agency switch). */
  cookies: ReturnType<typeof requestCookieJar>;
}

/** Turns a use case's result into a response, when JSON of the result is not the answer (CSV, a stream, a status). */
export type Presenter<R> = (result: R, context: PresentContext) => Response | object | Promise<Response | object>;

type NextRouteContext = { params: Promise<Record<string, string | string[]>> };

function json(data: object, status = 200): Response {
  return new Response(JSON.stringify(data), { status, headers: { 'content-type': 'application/json' } });
}

/**
 * The agency acted on. An explicit X-Agency-Id (API clients) must be one of the caller's. The
 * switcher's cookie is a preference: a stale one falls back to the first agency for reads, but
 * never for writes, which must not land in an agency the caller did not choose.
 */
function agencyForRequest(request: Request, jar: ReturnType<typeof requestCookieJar>, memberships: Membership[]) {
  const explicit = request.headers.get('x-agency-id');
  if (explicit) return chooseAgency(memberships, explicit);
  const preferred = jar.getAll().find((c) => c.name === AGENCY_COOKIE)?.value;
  const isWrite = request.method !== 'GET' && request.method !== 'HEAD';
  return preferred && isWrite ? chooseAgency(memberships, preferred) : preferredAgency(memberships, preferred);
}

/**
 * Serves a use case as an API route. In order: request id → session → membership and role →
 * permission → rate limit → zod parsing of params, query and body → the use case → one error
 * mapper. Use cases never repeat these steps; a presenter shapes the response when plain JSON
 * of the result is not it.
 */
export function withAgencyAuth<R>(useCase: UseCaseOf<R>, present?: Presenter<R>): RouteHandler {
  return measured(async function route(request: Request, nextContext?: NextRouteContext): Promise<Response> {
    const requestId = requestIdFor(request);
    const startedAt = performance.now();
    const url = new URL(request.url);
    const jar = requestCookieJar(request);
    let limitHeaders: Record<string, string> = {};
    let response: Response;
    let userId: string | undefined;
    let agencyId: string | undefined;
    try {
      const session = await readSession(jar);
      if (!session) throw unauthorized();
      userId = session.userId;
      assertSameOrigin(request);

      const memberships = await asUser(session.claims, listMyMemberships);
      const currentAgency = agencyForRequest(request, jar, memberships);
      agencyId = currentAgency?.agencyId;
      const db = <T>(work: (tx: Queryable) => Promise<T>) => asUser(session.claims, work);
      const caller: Caller = { session, memberships, currentAgency, requestId, db };
      const agency = useCase.scope === 'agency' ? authorizeAgency(currentAgency, memberships, useCase.permission) : null;

      const decision = await consumeRateLimit(useCase.rateLimit, session.userId);
      limitHeaders = rateLimitHeaders(useCase.rateLimit, decision);
      if (!decision.allowed) throw rateLimited(decision);

      const input = {
        params: await parseInput(useCase.params, (await nextContext?.params) ?? {}, 'params'),
        query: await parseInput(useCase.query, queryObject(url), 'query'),
        body: useCase.body
          ? await parseInput(useCase.body, await readJsonBody(request, useCase.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES), 'body')
          : undefined,
      };
      const context = { request, requestId, cookies: jar };
      // The input was parsed by the use case's own schemas just above; TypeScript cannot follow a
      // schema chosen at run time to its output type, hence the cast at this one boundary.
      const result: R = agency
        ? await (useCase as AgencyUseCase<never, never, never, R>).run({ ...caller, agency }, input as never)
        : await (useCase as UserUseCase<never, never, never, R>).run(caller, input as never);
      const presented = present ? await present(result, context) : result;
      response = presented instanceof Response ? presented : json(presented as object);
    } catch (error) {
      // A use case declares what it may refuse with; one that raises something else has drifted from its declaration.
      if (error instanceof DomainError && !useCase.errors.includes(error.code) && !ALWAYS_POSSIBLE.includes(error.code)) {
        logger.warn({ requestId, route: url.pathname, code: error.code }, 'a use case raised an error it does not declare');
      }
      const report = { requestId, route: await routeOf(request, nextContext), agencyId, userId, request };
      response = problemResponse(toApiError(error, report), requestId, url.pathname);
    }
    for (const [name, value] of Object.entries(limitHeaders)) response.headers.set(name, value);
    applyCookies(response, jar.pending);
    return finishApiResponse(request, response, { requestId, startedAt, userId, agencyId, nextContext });
  });
}

type RouteHandler = (request: Request, nextContext?: NextRouteContext) => Promise<Response>;

/** Every API request gets its own database timing (request-timing.ts), read by finishApiResponse. */
function measured(handler: RouteHandler): RouteHandler {
  return (request, nextContext) => measureRequest(() => handler(request, nextContext));
}

/** The agency the request acts on, if the caller may do this there; the same rule pages apply. */
function authorizeAgency(agency: Membership | null, memberships: Membership[], permission: Permission | null): Membership {
  if (!agency) {
    if (memberships.length === 0) throw forbidden('Your account is not a member of any agency yet. Ask an agency owner to add you.');
    throw notFound('Agency');
  }
  if (permission && !roleHas(agency.role, permission)) throw forbidden(`Your role (${agency.role}) does not allow this.`);
  return agency;
}

/** The route pattern a request was served by; Next hands a static route no params at all, a dynamic one a promise of them. */
async function routeOf(request: Request, nextContext?: NextRouteContext): Promise<string> {
  const params = await Promise.resolve(nextContext?.params).catch(() => undefined);
  return routePattern(new URL(request.url).pathname, params ?? {});
}

/**
 * What every API response gets, whichever wrapper made it: the request id, no caching unless
 * the route chose otherwise, the security headers (also set by the proxy, which the import
 * upload bypasses), the rest of an unread request body dealt with, Server-Timing (database and
 * total), the request recorded for the metrics, and one log line. The route is the pattern,
 * never the path: ids stay out of the metrics, and neither carries the query string (search
 * terms) or anything else a user typed.
 */
async function finishApiResponse(
  request: Request,
  response: Response,
  context: { requestId: string; startedAt: number; userId?: string; agencyId?: string; nextContext?: NextRouteContext },
): Promise<Response> {
  response.headers.set('x-request-id', context.requestId);
  if (!response.headers.has('cache-control')) response.headers.set('cache-control', 'no-store');
  applySecurityHeaders(response.headers, { https: isHttpsRequest(request), contentSecurityPolicy: API_CONTENT_SECURITY_POLICY });
  const finished = await finishReadingBody(request, response);
  const route = await routeOf(request, context.nextContext);
  const durationMs = performance.now() - context.startedAt;
  const dbMs = requestDatabaseMilliseconds();
  finished.headers.set('server-timing', `db;desc="database";dur=${dbMs.toFixed(1)}, handler;desc="total";dur=${durationMs.toFixed(1)}`);
  recordRequest({ route, method: request.method, status: finished.status, durationMs });
  logger.info(
    {
      requestId: context.requestId,
      method: request.method,
      route,
      status: finished.status,
      durationMs: Math.round(durationMs),
      dbMs: Math.round(dbMs),
      userId: context.userId,
      agencyId: context.agencyId,
    },
    'api request',
  );
  return finished;
}

/** Public routes (health, sign-in) share the request id, the same-origin rule and the error mapper. */
export function withPublicRoute(handler: (ctx: { request: Request; requestId: string }) => Promise<Response>): RouteHandler {
  return measured(async function route(request: Request): Promise<Response> {
    const requestId = requestIdFor(request);
    const startedAt = performance.now();
    const path = new URL(request.url).pathname;
    let response: Response;
    try {
      assertSameOrigin(request);
      response = await handler({ request, requestId });
    } catch (error) {
      response = problemResponse(toApiError(error, { requestId, route: await routeOf(request), request }), requestId, path);
    }
    return finishApiResponse(request, response, { requestId, startedAt });
  });
}
