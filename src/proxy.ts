import { NextResponse, type NextRequest } from 'next/server';
import { SESSION_COOKIE, isHttps, sessionCookieOptions } from '@/lib/auth/cookies';
import { renewSessionToken, SESSION_TTL_SECONDS } from '@/lib/auth/session-token';
import { createSupabaseServerClient } from '@/lib/auth/supabase';
import { config as appConfig } from '@/lib/config';

/**
 * Runs before every page and API request: keeps the session fresh and sets the security
 * headers (a per-request nonce CSP, no framing, nosniff, referrer policy, HSTS in production).
 */
function contentSecurityPolicy(nonce: string, supabaseUrl: string | undefined): string {
  const development = process.env.NODE_ENV === 'development';
  // PostHog receives events only when its key is set (src/lib/analytics/events.ts).
  const posthog = process.env.NEXT_PUBLIC_POSTHOG_KEY ? (process.env.NEXT_PUBLIC_POSTHOG_HOST ?? 'https://us.i.posthog.com') : undefined;
  const connect = ["'self'", supabaseUrl, posthog].filter(Boolean).join(' ');
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    // Inline style attributes come from React and animation libraries; scripts stay nonce-only.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${connect}${development ? ' ws:' : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function securityHeaders(response: NextResponse, csp: string) {
  response.headers.set('Content-Security-Policy', csp);
  response.headers.set('X-Frame-Options', 'DENY');
  response.headers.set('X-Content-Type-Options', 'nosniff');
  response.headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
  response.headers.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
  if (process.env.NODE_ENV === 'production') {
    response.headers.set('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
  }
}

export async function proxy(request: NextRequest) {
  const settings = appConfig();
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const csp = contentSecurityPolicy(nonce, settings.supabase?.url);
  // Next reads the nonce from the request's CSP header and puts it on its own scripts.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  // Layouts cannot see the path; the sign-in redirect needs it to come back here.
  requestHeaders.set('x-pathname', request.nextUrl.pathname);
  requestHeaders.set('Content-Security-Policy', csp);
  const forward = () => NextResponse.next({ request: { headers: requestHeaders } });
  let response = forward();

  // API routes check and refresh the session themselves (withAgencyAuth's cookie jar); doing it
  // here too would verify every API call twice, with a round trip to Supabase Auth each time.
  if (request.nextUrl.pathname.startsWith('/api/')) {
    securityHeaders(response, csp);
    return response;
  }

  if (settings.supabase) {
    // The @supabase/ssr pattern: refreshed tokens go both to the request (for this render)
    // and to the response (for the browser).
    const supabase = createSupabaseServerClient(settings.supabase, {
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
      response.cookies.set(SESSION_COOKIE, renewed, sessionCookieOptions(isHttps(request), SESSION_TTL_SECONDS));
    }
  }

  securityHeaders(response, csp);
  return response;
}

export const config = {
  // The import upload is left out: the proxy would buffer (and cut at 10 MB) the file it streams.
  matcher: ['/((?!_next/static|_next/image|favicon.ico|robots.txt|api/customers/import$).*)'],
};
