/**
 * POST /api/auth/sign-in — public. Email + password; sets the session cookie. Limited per IP
 * and per email, and the answer for a wrong password and an unknown email is the same.
 */
import { z } from 'zod';
import { applyCookies, isHttps, requestCookieJar } from '@/lib/auth/cookies';
import { signInWithPassword } from '@/lib/auth/session';
import { readJsonBody } from '@/lib/api/body';
import { fieldErrors } from '@/lib/api/error-mapper';
import { ApiError, validationFailed } from '@/lib/api/problem';
import { consumeRateLimit, rateLimitHeaders } from '@/lib/api/rate-limits';
import { clientIp } from '@/lib/api/request';
import { withPublicRoute } from '@/lib/api/with-agency-auth';

const SignInBody = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email('Enter a valid email address.')).pipe(z.string().max(320)),
  password: z.string().min(1, 'Enter your password.').max(200),
});

export const POST = withPublicRoute(async ({ request }) => {
  const parsed = SignInBody.safeParse(await readJsonBody(request, 4 * 1024));
  if (!parsed.success) throw validationFailed(fieldErrors(parsed.error, 'body'));
  const { email, password } = parsed.data;

  const byIp = await consumeRateLimit('signInIp', clientIp(request));
  const byEmail = await consumeRateLimit('signInEmail', email);
  const blocked = !byIp.allowed ? { family: 'signInIp' as const, decision: byIp } : !byEmail.allowed ? { family: 'signInEmail' as const, decision: byEmail } : null;
  if (blocked) {
    throw new ApiError(429, 'rate-limited', 'Too many sign-in attempts', `Too many attempts. Try again in ${blocked.decision.resetSeconds} seconds.`, {
      headers: rateLimitHeaders(blocked.family, blocked.decision),
    });
  }

  const jar = requestCookieJar(request);
  const result = await signInWithPassword(email, password, jar, isHttps(request));
  if (!result.ok) {
    throw new ApiError(401, 'invalid-credentials', 'Sign-in failed', 'That email and password do not match. Check them and try again.');
  }
  return applyCookies(Response.json({ userId: result.userId }), jar.pending);
});
