import { config } from '@/lib/config';
import type { AuthClaims } from '@/lib/db';
import { SESSION_COOKIE, sessionCookieOptions, type CookieJar } from './cookies';
import { verifyPassword } from './password';
import { issueSessionToken, SESSION_TTL_SECONDS, verifySessionToken } from './session-token';
import { createSupabaseServerClient } from './supabase';

/** Who is calling: the same shape whether Supabase Auth or embedded sign-in issued the session. */
export interface Session {
  userId: string;
  email: string | null;
  claims: AuthClaims;
}

function toSession(claims: Record<string, unknown> | null | undefined): Session | null {
  if (!claims || typeof claims.sub !== 'string' || claims.role !== 'authenticated') return null;
  return {
    userId: claims.sub,
    email: typeof claims.email === 'string' ? claims.email : null,
    claims: claims as AuthClaims,
  };
}

/**
 * The verified session, or null. Supabase: getClaims() verifies the access token (never
 * getSession() for authorization). Embedded: our signed cookie.
 */
export async function readSession(jar: CookieJar): Promise<Session | null> {
  const supabase = config().supabase;
  if (supabase) {
    const { data, error } = await createSupabaseServerClient(supabase, jar).auth.getClaims();
    if (error) return null;
    return toSession(data?.claims as Record<string, unknown> | undefined);
  }
  const token = jar.getAll().find((cookie) => cookie.name === SESSION_COOKIE)?.value;
  return toSession(await verifySessionToken(token));
}

export type SignInResult = { ok: true; userId: string } | { ok: false };

export async function signInWithPassword(email: string, password: string, jar: CookieJar, secure: boolean): Promise<SignInResult> {
  const supabase = config().supabase;
  if (supabase) {
    const { data, error } = await createSupabaseServerClient(supabase, jar).auth.signInWithPassword({ email, password });
    return error || !data.user ? { ok: false } : { ok: true, userId: data.user.id };
  }
  const user = await verifyPassword(email, password);
  if (!user) return { ok: false };
  const token = await issueSessionToken(user);
  jar.setAll([{ name: SESSION_COOKIE, value: token, options: sessionCookieOptions(secure, SESSION_TTL_SECONDS) }]);
  return { ok: true, userId: user.id };
}

export async function signOut(jar: CookieJar, secure: boolean): Promise<void> {
  const supabase = config().supabase;
  if (supabase) {
    await createSupabaseServerClient(supabase, jar).auth.signOut();
    return;
  }
  jar.setAll([{ name: SESSION_COOKIE, value: '', options: sessionCookieOptions(secure, 0) }]);
}
