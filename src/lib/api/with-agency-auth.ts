import type { z } from 'zod';
import { AGENCY_COOKIE, applyCookies, requestCookieJar } from '@/lib/auth/cookies';
import { readSession, type Session } from '@/lib/auth/session';
import { asUser, type Queryable } from '@/lib/db';
import { logger } from '@/lib/observability/logger';
import { chooseAgency, listMyMemberships, preferredAgency, type Membership } from '@/lib/tenancy/agencies';
import { roleHas, type Permission } from '@/lib/tenancy/permissions';
import { DEFAULT_MAX_BODY_BYTES, finishReadingBody, readJsonBody } from './body';
import { fieldErrors, toApiError } from './error-mapper';
import { ApiError, forbidden, notFound, problemResponse, unauthorized, validationFailed } from './problem';
import { consumeRateLimit, rateLimitHeaders, type RateLimitFamily } from './rate-limits';
import { assertSameOrigin, queryObject, requestIdFor } from './request';
import { isHttpsRequest } from '@/lib/http/forwarded';
import { API_CONTENT_SECURITY_POLICY, applySecurityHeaders } from './security-headers';

type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteOptions<Q extends Schema | undefined, B extends Schema | undefined, P extends Schema | undefined> {
  /** What the caller's role must allow; null means any member of the agency. */
  permission: Permission | null;
  rateLimit: RateLimitFamily;
  query?: Q;
  body?: B;
  params?: P;
  maxBodyBytes?: number;
  /** 'user' routes act on the signed-in user (their agencies), not on one agency. */
  scope?: 'agency' | 'user';
}

export interface RouteContext<Q, B, P> {
  request: Request;
  requestId: string;
  session: Session;
  /** The agency acted on, with the caller's role in it (null only for scope 'user'). */
  agency: Membership;
  memberships: Membership[];
  query: Q;
  body: B;
  params: P;
  /** Runs SQL as the caller: one transaction with their claims and RLS in force. */
  db<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
}

type NextRouteContext = { params: Promise<Record<string, string | string[]>> };
type HandlerResult = Response | object;

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
 * The wrapper every authenticated API route uses. In order: request id → session → membership
 * and role → permission → rate limit → zod parsing of params, query and body → handler → one
 * error mapper. Handlers never repeat these steps.
 */
export function withAgencyAuth<
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
  P extends Schema | undefined = undefined,
>(handler: (ctx: RouteContext<Out<Q>, Out<B>, Out<P>>) => Promise<HandlerResult>, options: RouteOptions<Q, B, P>) {
  return async function route(request: Request, nextContext?: NextRouteContext): Promise<Response> {
    const requestId = requestIdFor(request);
    const startedAt = performance.now();
    const url = new URL(request.url);
    const jar = requestCookieJar(request);
    let limitHeaders: Record<string, string> = {};
    let response: Response;
    let userId: string | undefined;
    try {
      const session = await readSession(jar);
      if (!session) throw unauthorized();
      userId = session.userId;
      assertSameOrigin(request);

      const memberships = await asUser(session.claims, listMyMemberships);
      const scope = options.scope ?? 'agency';
      const agency = agencyForRequest(request, jar, memberships);
      if (scope === 'agency' && !agency) {
        if (memberships.length === 0) throw forbidden('Your account is not a member of any agency yet. Ask an agency owner to add you.');
        throw notFound('Agency');
      }
      if (scope === 'agency' && options.permission && !roleHas(agency!.role, options.permission)) {
        throw forbidden(`Your role (${agency!.role}) does not allow this.`);
      }

      const decision = await consumeRateLimit(options.rateLimit, session.userId);
      limitHeaders = rateLimitHeaders(options.rateLimit, decision);
      if (!decision.allowed) {
        throw new ApiError(
          429,
          'rate-limited',
          'Too many requests',
          `Limit of ${decision.limit} requests reached; retry in ${decision.resetSeconds} seconds.`,
        );
      }

      const params = await parsePart(options.params, (await nextContext?.params) ?? {}, 'params');
      const query = await parsePart(options.query, queryObject(url), 'query');
      const body = options.body
        ? await parsePart(options.body, await readJsonBody(request, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES), 'body')
        : undefined;

      const result = await handler({
        request,
        requestId,
        session,
        agency: agency!,
        memberships,
        query: query as Out<Q>,
        body: body as Out<B>,
        params: params as Out<P>,
        db: (work) => asUser(session.claims, work),
      });
      response = result instanceof Response ? result : json(result);
    } catch (error) {
      response = problemResponse(toApiError(error, { requestId, route: url.pathname }), requestId, url.pathname);
    }
    for (const [name, value] of Object.entries(limitHeaders)) response.headers.set(name, value);
    applyCookies(response, jar.pending);
    return finishApiResponse(request, response, { requestId, startedAt, userId });
  };
}

async function parsePart(schema: Schema | undefined, value: unknown, part: 'query' | 'body' | 'params'): Promise<unknown> {
  if (!schema) return value;
  const parsed = await schema.safeParseAsync(value);
  if (!parsed.success) throw validationFailed(fieldErrors(parsed.error, part));
  return parsed.data;
}

/**
 * What every API response gets, whichever wrapper made it: the request id, no caching unless
 * the route chose otherwise, the security headers (also set by the proxy, which the import
 * upload bypasses), the rest of an unread request body dealt with, and one log line.
 */
async function finishApiResponse(
  request: Request,
  response: Response,
  context: { requestId: string; startedAt: number; userId?: string },
): Promise<Response> {
  response.headers.set('x-request-id', context.requestId);
  if (!response.headers.has('cache-control')) response.headers.set('cache-control', 'no-store');
  applySecurityHeaders(response.headers, { https: isHttpsRequest(request), contentSecurityPolicy: API_CONTENT_SECURITY_POLICY });
  const finished = await finishReadingBody(request, response);
  logger.info(
    {
      requestId: context.requestId,
      method: request.method,
      path: new URL(request.url).pathname,
      status: finished.status,
      durationMs: Math.round(performance.now() - context.startedAt),
      userId: context.userId,
    },
    'api request',
  );
  return finished;
}

/** Public routes (health, sign-in) share the request id, the same-origin rule and the error mapper. */
export function withPublicRoute(handler: (ctx: { request: Request; requestId: string }) => Promise<Response>) {
  return async function route(request: Request): Promise<Response> {
    const requestId = requestIdFor(request);
    const startedAt = performance.now();
    const path = new URL(request.url).pathname;
    let response: Response;
    try {
      assertSameOrigin(request);
      response = await handler({ request, requestId });
    } catch (error) {
      response = problemResponse(toApiError(error, { requestId, route: path }), requestId, path);
    }
    return finishApiResponse(request, response, { requestId, startedAt });
  };
}
