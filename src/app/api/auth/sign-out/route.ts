/**
 * POST /api/auth/sign-out[?scope=global] — ends the session on the server (a copied cookie stops
 * working at once) and clears the session and agency cookies. `scope=global` ends every session
 * of the user ("sign out everywhere"). Safe to call signed out.
 */
import { z } from 'zod';
import { AGENCY_COOKIE, sessionCookieOptions } from '@/lib/auth/cookies';
import { applyCookies, requestCookieJar } from '@/lib/http/request-cookies';
import { signOut } from '@/lib/auth/session';
import { fieldErrors } from '@/lib/api/error-mapper';
import { validationFailed } from '@/lib/api/problem';
import { queryObject } from '@/lib/api/request';
import { withPublicRoute } from '@/lib/api/with-agency-auth';

const SignOutQuery = z.object({
  scope: z.enum(['local', 'global'], { error: 'Scope must be local (this browser) or global (every device).' }).default('local'),
});

export const POST = withPublicRoute(async ({ request }) => {
  const parsed = SignOutQuery.safeParse(queryObject(new URL(request.url)));
  if (!parsed.success) throw validationFailed(fieldErrors(parsed.error, 'query'));
  const jar = requestCookieJar(request);
  await signOut(jar, parsed.data.scope);
  jar.setAll([{ name: AGENCY_COOKIE, value: '', options: sessionCookieOptions(jar.secure, 0) }]);
  return applyCookies(new Response(null, { status: 204 }), jar.pending);
});
