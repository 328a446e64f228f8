/**
 * Signing in and out over HTTP: the adapters between the sign-in form (or a JSON client) and the
 * sessions of src/lib/auth. Sign-in is limited per client address and per email, answers a
 * wrong password and an unknown email alike, and speaks JSON to scripts and redirects to a plain
 * HTML form; sign-out ends the session on the server and clears the cookies.
 */
import { z } from 'zod';
import { AGENCY_COOKIE, sessionCookieOptions } from '@/lib/auth/cookies';
import { SIGN_IN_MESSAGES } from '@/lib/auth/sign-in-messages';
import { applyCookies, requestCookieJar } from '@/lib/http/request-cookies';
import { clientIp } from '@/lib/http/forwarded';
import { safeNextPath } from '@/lib/auth/safe-next-path';
import { signInWithPassword, signOut } from '@/lib/auth/session';
import { ApiError } from './problem';
import { consumeRateLimit, rateLimitHeaders, resetRateLimit } from './rate-limits';
import { toApiError } from './error-mapper';
import { parseInput } from '@/lib/parse-input';
import { isJsonContentType, readBodyText, readJsonBody } from './body';
import { queryObject } from './request';
import { withPublicRoute } from './with-agency-auth';

const MAX_BODY_BYTES = 4 * 1024;

export const SignInBody = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email('Enter a valid email address.')).pipe(z.string().max(320)),
  password: z.string().min(1, 'Enter your password.').max(200),
});

async function signIn(request: Request, input: unknown) {
  const { email, password } = await parseInput(SignInBody, input, 'body');

  const byIp = await consumeRateLimit('signInIp', clientIp(request));
  const byEmail = await consumeRateLimit('signInEmail', email);
  const blocked = !byIp.allowed
    ? { family: 'signInIp' as const, decision: byIp }
    : !byEmail.allowed
      ? { family: 'signInEmail' as const, decision: byEmail }
      : null;
  if (blocked) {
    throw new ApiError(
      429,
      'rate-limited',
      'Too many sign-in attempts',
      `Too many attempts. Try again in ${blocked.decision.resetSeconds} seconds.`,
      {
        headers: rateLimitHeaders(blocked.family, blocked.decision),
      },
    );
  }

  const jar = requestCookieJar(request);
  const result = await signInWithPassword(email, password, jar);
  if (!result.ok) {
    throw new ApiError(401, 'invalid-credentials', 'Sign-in failed', SIGN_IN_MESSAGES['invalid-credentials']);
  }
  // Only failures should add up against an account, so its owner is not locked out by their own sign-ins.
  await resetRateLimit('signInEmail', email);
  return { userId: result.userId, cookies: jar.pending };
}

function redirectTo(location: string): Response {
  return new Response(null, { status: 303, headers: { location } });
}

export const signInRoute = withPublicRoute(async ({ request, requestId }) => {
  if (isJsonContentType(request)) {
    const { userId, cookies } = await signIn(request, await readJsonBody(request, MAX_BODY_BYTES));
    return applyCookies(Response.json({ userId }), cookies);
  }
  const form = Object.fromEntries(new URLSearchParams(await readBodyText(request, MAX_BODY_BYTES)));
  const next = safeNextPath(typeof form.next === 'string' ? form.next : undefined);
  try {
    const { cookies } = await signIn(request, form);
    return applyCookies(redirectTo(next), cookies);
  } catch (error) {
    // The form's page shows the reason (a wrong password, too many attempts, the service down).
    const problem = toApiError(error, { requestId, route: '/api/auth/sign-in' });
    return redirectTo(`/sign-in?error=${encodeURIComponent(problem.code)}&next=${encodeURIComponent(next)}`);
  }
});

export const SignOutQuery = z.object({
  scope: z
    .enum(['local', 'global'], { error: 'Scope must be local (this browser) or global (every device).' })
    .default('local')
    .meta({ description: '`local` ends this session; `global` ends every session of the user (sign out everywhere).' }),
});

export const signOutRoute = withPublicRoute(async ({ request }) => {
  const { scope } = await parseInput(SignOutQuery, queryObject(new URL(request.url)), 'query');
  const jar = requestCookieJar(request);
  await signOut(jar, scope);
  jar.setAll([{ name: AGENCY_COOKIE, value: '', options: sessionCookieOptions(jar.secure, 0) }]);
  return applyCookies(new Response(null, { status: 204 }), jar.pending);
});
