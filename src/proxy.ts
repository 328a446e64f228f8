import { NextResponse, type NextRequest } from 'next/server';
import { validationFailed, problemResponse } from '@/lib/api/problem';
import { requestIdFor } from '@/lib/api/request';
import { API_CONTENT_SECURITY_POLICY, applySecurityHeaders, pageContentSecurityPolicy } from '@/lib/api/security-headers';
import { SESSION_COOKIE, sessionCookieOptions } from '@/lib/auth/cookies';
import { renewSessionToken, SESSION_TTL_SECONDS } from '@/lib/auth/session-token';
import { createSupabaseServerClient } from '@/lib/auth/supabase';
import { config as appConfig } from '@/lib/config';
import { isHttpsRequest } from '@/lib/http/forwarded';
import { logger } from '@/lib/observability/logger';

/** A path with broken percent-encoding ("/customers/%", "/%ED%A0%80"): no route can be chosen for it. */
function hasMalformedEncoding(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return false;
  } catch {
    return true;
  }
}

/** Where a page request with an undecodable path is sent: a path no route matches, so the app's not-found page answers 404. */
const UNMATCHED_PATH = '/_malformed-path';

/**
 * The router would try to decode such a path to fill a dynamic route's parameters, fail, and
 * answer a bare "500 Internal Server Error" with no request id and no headers. The proxy runs
 * before that step and answers for the API: 400 problem+json.
 */
function refuseMalformedApiPath(request: NextRequest, requestId: string): NextResponse {
  const problem = problemResponse(
    validationFailed([{ field: 'path', message: 'The address has broken percent-encoding.' }], 'The request address cannot be read.'),
    requestId,
  );
  return new NextResponse(problem.body, { status: problem.status, headers: problem.headers });
}

/**
 * Runs before every page and API request: refuses paths that cannot be decoded, keeps the
 * session fresh and sets the security headers (a per-request nonce CSP on pages).
 */
export async function proxy(request: NextRequest) {
  const settings = appConfig();
  const https = isHttpsRequest(request);
  const malformed = hasMalformedEncoding(request.nextUrl.pathname);
  const requestId = requestIdFor(request);
  if (malformed) logger.info({ requestId, method: request.method }, 'path with broken percent-encoding refused');

  // API routes check and refresh the session themselves (withAgencyAuth's cookie jar); doing it
  // here too would verify every API call twice, with a round trip to Supabase Auth each time.
  if (request.nextUrl.pathname.startsWith('/api/')) {
    const response = malformed ? refuseMalformedApiPath(request, requestId) : NextResponse.next();
    applySecurityHeaders(response.headers, { https, contentSecurityPolicy: API_CONTENT_SECURITY_POLICY });
    return response;
  }

  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  // PostHog receives events only when its key is set (src/lib/telemetry/events.ts).
  const posthog = process.env.NEXT_PUBLIC_POSTHOG_KEY ? (process.env.NEXT_PUBLIC_POSTHOG_HOST ?? 'https://us.i.posthog.com') : undefined;
  const csp = pageContentSecurityPolicy({
    nonce,
    development: process.env.NODE_ENV === 'development',
    connectTo: [settings.supabase?.url, posthog],
  });
  // Next reads the nonce from the request's CSP header and puts it on its own scripts.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  // Layouts cannot see the path; the sign-in redirect needs it to come back here.
  requestHeaders.set('x-pathname', request.nextUrl.pathname);
  // The page load's id, as API responses have theirs: its error reports carry it (browser and server).
  requestHeaders.set('x-request-id', requestId);
  requestHeaders.set('Content-Security-Policy', csp);
  // A page path that cannot be decoded gets the not-found page, styled and scripted like any page.
  const unmatched = request.nextUrl.clone();
  unmatched.pathname = UNMATCHED_PATH;
  unmatched.search = '';
  const forward = () =>
    malformed
      ? NextResponse.rewrite(unmatched, { request: { headers: requestHeaders } })
      : NextResponse.next({ request: { headers: requestHeaders } });
  let response = forward();

  if (settings.supabase) {
    // The @supabase/ssr pattern: refreshed tokens go both to the request (for this render)
    // and to the response (for the browser).
    const supabase = createSupabaseServerClient(settings.supabase, {
      secure: https,
      getAll: () => request.cookies.getAll(),
      setAll: (cookies) => {
        cookies.forEach(({ name, value }) => request.cookies.set(name, value));
        requestHeaders.set('cookie', request.cookies.toString());
        response = forward();
        cookies.forEach(({ name, value, options }) => response.cookies.set(name, value, options as never));
      },
    });
    await supabase.auth.getClaims();
  } else {
    const renewed = await renewSessionToken(request.cookies.get(SESSION_COOKIE)?.value).catch(() => null);
    if (renewed) {
      request.cookies.set(SESSION_COOKIE, renewed);
      requestHeaders.set('cookie', request.cookies.toString());
      response = forward();
      response.cookies.set(SESSION_COOKIE, renewed, sessionCookieOptions(https, SESSION_TTL_SECONDS));
    }
  }

  applySecurityHeaders(response.headers, { https, contentSecurityPolicy: csp });
  response.headers.set('x-request-id', requestId);
  return response;
}

export const config = {
  // The import upload is left out: the proxy would buffer (and cut at 10 MB) the file it streams.
  // Its security headers come from the route wrapper.
  matcher: ['/((?!_next/static|_next/image|favicon.ico|robots.txt|api/customers/import$).*)'],
};
