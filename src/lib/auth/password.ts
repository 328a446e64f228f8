import { getDb } from '@/lib/db';
import type { Columns } from '@/lib/db/rows';

// Checked when an email is unknown, so a miss costs as much time as a wrong password.
const DUMMY_BCRYPT_HASH = '$2a$10$7EqJtq98hPqEX7fNZaFWoOhi5BWX4Z3iWHtf6yJ0vZ7VY7nDXrAVi';

/**
 * Embedded sign-in: bcrypt (pgcrypto crypt()) against auth.users. Runs as the server itself,
 * because auth.users is closed to the API roles, as on Supabase.
 * Returns the user whose password matches, or null.
 */
export async function verifyPassword(email: string, password: string): Promise<{ id: string; email: string } | null> {
  const db = await getDb();
  const [user] = await db.query<Columns<'auth.users', 'id' | 'email' | 'encrypted_password'>>(
    'select id, email, encrypted_password from auth.users where lower(email) = lower($1)',
    [email],
  );
  const [check] = await db.query<{ ok: boolean }>('select extensions.crypt($1, $2) = $2 as ok', [
    password,
    user?.encrypted_password ?? DUMMY_BCRYPT_HASH,
  ]);
  // The email matched, so it is not null; the check keeps the type honest.
  if (!user?.email || !user.encrypted_password || !check?.ok) return null;
  await db.query('update auth.users set last_sign_in_at = now() where id = $1', [user.id]);
  return { id: user.id, email: user.email };
}
