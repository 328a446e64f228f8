import { config } from '@/lib/config';
import { DomainError } from '@/lib/domain-error';
import type { AuthClaims } from '@/lib/db';
import { SESSION_COOKIE, sessionCookieOptions, type CookieJar } from './cookies';
import { verifyPassword } from './password';
import { endEmbeddedSessions, isSessionActive, startEmbeddedSession, type SignOutScope } from './session-store';
import { SESSION_TTL_SECONDS, verifySessionToken } from './session-token';
import { createSupabaseServerClient } from './supabase';

/** Who is calling: the same shape whether Supabase Auth or embedded sign-in issued the session. */
export interface Session {
  userId: string;
  /** The server-side session (auth.sessions row) the token belongs to. */
  sessionId: string;
  email: string | null;
  claims: AuthClaims;
}

/** Ids in claims reach SQL as uuid (auth.uid(), auth.sessions): anything else is not a session. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toSession(claims: Record<string, unknown> | null | undefined): Session | null {
  if (!claims || claims.role !== 'authenticated') return null;
  const { sub, session_id: sessionId } = claims;
  if (typeof sub !== 'string' || !UUID.test(sub) || typeof sessionId !== 'string' || !UUID.test(sessionId)) return null;
  return {
    userId: sub,
    sessionId,
    email: typeof claims.email === 'string' ? claims.email : null,
    claims: claims as AuthClaims,
  };
}

/** The token's claims, verified (signature, expiry), or null. Not yet checked against the server. */
async function verifiedClaims(jar: CookieJar): Promise<Record<string, unknown> | null> {
  const supabase = config().supabase;
  if (supabase) {
    // getClaims() verifies the access token (never getSession() for authorization).
    const { data, error } = await createSupabaseServerClient(supabase, jar).auth.getClaims();
    return error ? null : ((data?.claims as Record<string, unknown> | undefined) ?? null);
  }
  return verifySessionToken(jar.getAll().find((cookie) => cookie.name === SESSION_COOKIE)?.value);
}

/**
 * The session, or null: a token that verifies AND whose server-side session is still open, so
 * a signed-out, revoked or deleted user's copied cookie gets nothing. The database being
 * unreachable is an error (the caller answers 503), never a silent sign-out.
 */
export async function readSession(jar: CookieJar): Promise<Session | null> {
  const session = toSession(await verifiedClaims(jar));
  if (!session) return null;
  return (await isSessionActive(session.sessionId, session.userId)) ? session : null;
}

export type SignInResult = { ok: true; userId: string } | { ok: false };

export async function signInWithPassword(email: string, password: string, jar: CookieJar): Promise<SignInResult> {
  const supabase = config().supabase;
  if (supabase) {
    const { data, error } = await createSupabaseServerClient(supabase, jar).auth.signInWithPassword({ email, password });
    return error || !data.user ? { ok: false } : { ok: true, userId: data.user.id };
  }
  const user = await verifyPassword(email, password);
  if (!user) return { ok: false };
  const token = await startEmbeddedSession(user);
  jar.setAll([{ name: SESSION_COOKIE, value: token, options: sessionCookieOptions(jar.secure, SESSION_TTL_SECONDS) }]);
  return { ok: true, userId: user.id };
}

/** Ends this session (or every session of its user) on the server, then clears the cookie. */
export async function signOut(jar: CookieJar, scope: SignOutScope = 'local'): Promise<void> {
  const supabase = config().supabase;
  if (supabase) {
    // Supabase Auth deletes the auth.sessions rows; readSession then refuses the access token.
    const { error } = await createSupabaseServerClient(supabase, jar).auth.signOut({ scope });
    // Not reached, the session is still open: saying "signed out" would be a lie on a shared computer.
    if (error) {
      throw new DomainError(
        'unavailable',
        'Sign-out could not reach the sign-in service, so you are still signed in. Try again in a moment.',
        {
          retryAfterSeconds: 5,
        },
      );
    }
    return;
  }
  const session = toSession(await verifiedClaims(jar));
  if (session) await endEmbeddedSessions(session, scope);
  jar.setAll([{ name: SESSION_COOKIE, value: '', options: sessionCookieOptions(jar.secure, 0) }]);
}
