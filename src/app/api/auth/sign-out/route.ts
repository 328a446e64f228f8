/** POST /api/auth/sign-out — clears the session (and the agency choice). Safe to call signed out. */
import { AGENCY_COOKIE, applyCookies, isHttps, requestCookieJar, sessionCookieOptions } from '@/lib/auth/cookies';
import { signOut } from '@/lib/auth/session';
import { withPublicRoute } from '@/lib/api/with-agency-auth';

export const POST = withPublicRoute(async ({ request }) => {
  const jar = requestCookieJar(request);
  const secure = isHttps(request);
  await signOut(jar, secure);
  jar.setAll([{ name: AGENCY_COOKIE, value: '', options: sessionCookieOptions(secure, 0) }]);
  return applyCookies(new Response(null, { status: 204 }), jar.pending);
});
