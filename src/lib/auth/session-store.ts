import { randomUUID } from 'node:crypto';
import { getDb } from '@/lib/db';
import { issueSessionToken, MAX_SESSION_AGE_SECONDS } from './session-token';

/**
 * Server-side sessions, in `auth.sessions` as Supabase Auth keeps them (supabase/local creates
 * the table where Supabase is absent). A token, embedded or Supabase's, is honoured only while
 * its `session_id` row exists for its user and has not passed `not_after`: signing out deletes
 * the row, so a copied cookie stops working at once; deleting a user deletes their sessions.
 * In Supabase mode, Supabase Auth writes and deletes these rows itself; this module only reads.
 * The server's own login reads and writes them (the table is closed to the API roles).
 */
export async function isSessionActive(sessionId: string, userId: string): Promise<boolean> {
  const db = await getDb();
  const [row] = await db.query<{ active: boolean }>(
    `select exists (
       select 1 from auth.sessions where id = $1 and user_id = $2 and (not_after is null or not_after > now())
     ) as active`,
    [sessionId, userId],
  );
  return row?.active === true;
}

/** Embedded sign-in: a new server-side session and the token that names it. */
export async function startEmbeddedSession(user: { id: string; email: string }): Promise<string> {
  const sessionId = randomUUID();
  const authTime = Math.floor(Date.now() / 1000);
  const db = await getDb();
  // The user's sessions that are over are swept on their next sign-in, so the table holds live ones.
  await db.query(
    `with swept as (delete from auth.sessions where user_id = $2 and not_after <= now())
     insert into auth.sessions (id, user_id, not_after) values ($1, $2, to_timestamp($3))`,
    [sessionId, user.id, authTime + MAX_SESSION_AGE_SECONDS],
  );
  return issueSessionToken({ userId: user.id, email: user.email, sessionId, authTime });
}

/** Embedded sign-out: this session only, or ("everywhere") every session of its user. */
export async function endEmbeddedSessions(session: { sessionId: string; userId: string }, scope: SignOutScope): Promise<void> {
  const db = await getDb();
  if (scope === 'global') await db.query('delete from auth.sessions where user_id = $1', [session.userId]);
  else await db.query('delete from auth.sessions where id = $1 and user_id = $2', [session.sessionId, session.userId]);
}

/** Supabase Auth's names: `local` ends this browser's session, `global` every session of the user. */
export type SignOutScope = 'local' | 'global';
