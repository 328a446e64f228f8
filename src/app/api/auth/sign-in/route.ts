/**
 * POST /api/auth/sign-in — public. Email + password; sets the session cookie. Limited per IP
 * and per email, and the answer for a wrong password and an unknown email is the same.
 *
 * JSON in, JSON out for the sign-in form's script. A plain HTML form post (the page before its
 * script has loaded) gets redirects instead: to `next` on success, back to the form with an
 * error code otherwise.
 */
import { z } from 'zod';
import { applyCookies, requestCookieJar } from '@/lib/http/request-cookies';
import { safeNextPath } from '@/lib/auth/safe-next-path';
import { signInWithPassword } from '@/lib/auth/session';
import { SIGN_IN_MESSAGES } from '@/lib/auth/sign-in-messages';
import { isJsonContentType, readBodyText, readJsonBody } from '@/lib/api/body';
import { fieldErrors, toApiError } from '@/lib/api/error-mapper';
import { ApiError, validationFailed } from '@/lib/api/problem';
import { consumeRateLimit, rateLimitHeaders, resetRateLimit } from '@/lib/api/rate-limits';
import { clientIp } from '@/lib/http/forwarded';
import { withPublicRoute } from '@/lib/api/with-agency-auth';

const MAX_BODY_BYTES = 4 * 1024;

const SignInBody = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email('Enter a valid email address.')).pipe(z.string().max(320)),
  password: z.string().min(1, 'Enter your password.').max(200),
});

async function signIn(request: Request, input: unknown) {
  const parsed = SignInBody.safeParse(input);
  if (!parsed.success) throw validationFailed(fieldErrors(parsed.error, 'body'));
  const { email, password } = parsed.data;

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

export const POST = withPublicRoute(async ({ request, requestId }) => {
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
