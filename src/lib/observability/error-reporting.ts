/**
 * The app's one way to report an error to the error tracker (Sentry). Everything here is a no-op
 * that loads nothing while SENTRY_DSN is unset; with it, the SDK is imported on first use and
 * every report carries the route (pattern), the request id (the one in X-Request-Id and the log
 * line), a hash of the agency id, the user id and the release, and passes the scrubber
 * (./sentry/scrub.ts) on its way out. Reporting never throws and never waits for the send.
 *
 * What is reported: API requests that end in a 500 (the error mapper's unhandled branch) and
 * pages, layouts and server actions that throw (Next's onRequestError). Not reported: refusals
 * (domain errors, 4xx) and an unreachable database (503, which the health check and the
 * objectives watch): they are not bugs.
 */
import { createHash } from 'node:crypto';
import { config } from '@/lib/config';
import { isDatabaseUnavailable } from '@/lib/db/errors';
import { isDomainError } from '@/lib/domain-error';
import type { RenderRequest, RenderRoute, ServerErrorContext } from './sentry/server';

export interface ErrorReportContext {
  /** The route pattern (`/api/customers/[customerId]`), never the path. */
  route: string;
  requestId?: string;
  agencyId?: string;
  userId?: string;
  /** The request that failed; only its method, path and a few headers survive the scrubber. */
  request?: Request;
}

/** The agency as error reports name it: stable, so one agency's errors group, but not its id. */
export function hashAgencyId(agencyId: string): string {
  return createHash('sha256').update(agencyId).digest('hex').slice(0, 16);
}

function settings() {
  try {
    return config().sentry;
  } catch {
    // A bad setting stops the server at start with its own message (src/lib/startup/first-start.ts).
    return null;
  }
}

/** Starts the server SDK when SENTRY_DSN is set (src/instrumentation.ts, before the server serves anyone). */
export async function startErrorReporting(): Promise<void> {
  const reporting = settings();
  if (!reporting) return;
  const { startServerReporting } = await import('./sentry/server');
  startServerReporting(reporting);
}

function describe(context: Omit<ErrorReportContext, 'route'> & { route?: string }): ServerErrorContext {
  const tags: Record<string, string> = {};
  if (context.route) tags.route = context.route;
  if (context.requestId) tags.request_id = context.requestId;
  if (context.agencyId) tags.agency = hashAgencyId(context.agencyId);
  const request = context.request;
  return {
    tags,
    userId: context.userId,
    request: request && { method: request.method, url: request.url, headers: Object.fromEntries(request.headers) },
  };
}

const isReportable = (error: unknown) => !isDomainError(error) && !isDatabaseUnavailable(error);

/** Reports an error a request could not recover from (an API 500). */
export function reportError(error: unknown, context: ErrorReportContext): void {
  if (!settings() || !isReportable(error)) return;
  import('./sentry/server')
    .then(({ captureServerError }) => captureServerError(error, describe(context)))
    .catch(() => {
      // Reporting must never become the request's problem.
    });
}

/**
 * Who was acting when a page's work failed, kept on the error itself: Next hands the same error
 * to onRequestError, in another bundle of the server, where only the error travels. A global
 * symbol, because each bundle may have its own copy of this module.
 */
const ACTOR = Symbol.for('customer-segmentation.error-actor');

export function noteErrorActor(error: unknown, actor: { agencyId: string; userId: string }): void {
  if (typeof error === 'object' && error !== null && Object.isExtensible(error)) {
    Object.defineProperty(error, ACTOR, { value: actor, enumerable: false, configurable: true });
  }
}

/** Next's onRequestError (src/instrumentation.ts): a page, layout or server action threw. */
export async function reportRequestError(error: unknown, request: RenderRequest, route: RenderRoute): Promise<void> {
  if (!settings() || !isReportable(error)) return;
  try {
    const actor = (error as { [ACTOR]?: { agencyId: string; userId: string } } | null)?.[ACTOR];
    const requestId = request.headers['x-request-id'];
    const context = describe({ route: route.routePath, requestId: typeof requestId === 'string' ? requestId : undefined, ...actor });
    const { captureRenderError } = await import('./sentry/server');
    captureRenderError(error, context, request, route);
  } catch {
    // As above: never the request's problem.
  }
}
