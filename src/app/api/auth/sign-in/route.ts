/**
 * POST /api/auth/sign-in — public. Email + password; sets the session cookie. Limited per IP
 * and per email, and the answer for a wrong password and an unknown email is the same.
 *
 * JSON in, JSON out for the sign-in form's script. A plain HTML form post (the page before its
 * script has loaded) gets redirects instead: to `next` on success, back to the form with an
 * error code otherwise.
 */
import { signInRoute } from '@/lib/api/session-routes';

export const POST = signInRoute;
