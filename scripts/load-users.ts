import type { Database } from '@/lib/db';
import type { AgencyRole } from '@/lib/tenancy/permissions';

/**
 * The signed-in users of `npm run bench:load` (and of its plumbing test): generated members of
 * one agency, each signed in through the real sign-in route, so every session is a real
 * auth.sessions row and a real signed cookie, and the per-user rate limit (120 reads a minute)
 * is spread over them as it would be over an agency's staff.
 */
export interface LoadUser {
  id: string;
  email: string;
  role: AgencyRole;
}

/** The password every generated user has (they exist only in a throwaway database). */
export const LOAD_USER_PASSWORD = 'bench-load-password';

/**
 * An agency's staff: one owner, an admin in fifty, a viewer (PII masked) in five, agents the
 * rest. The drill-down then runs both its PII paths, unmasked and masked.
 */
export function roleOf(index: number): AgencyRole {
  if (index === 0) return 'owner';
  if (index % 50 === 1) return 'admin';
  if (index % 5 === 0) return 'viewer';
  return 'agent';
}

/** A deterministic id per user number, so a rerun against the same database finds the same users. */
const userId = (index: number) => `b2000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;

/**
 * Creates `count` users with the one password and makes them members of the agency. The hash is
 * made once (bcrypt cost 4, not the demo seed's 10): sign-in checks whatever cost a hash carries,
 * and 500 sign-ins then take seconds instead of half a minute. Sign-in is not what is measured.
 */
export async function createLoadUsers(db: Database, agencyId: string, count: number): Promise<LoadUser[]> {
  const users = Array.from({ length: count }, (_, index) => ({
    id: userId(index),
    email: `user${index}@bench-load.test`,
    role: roleOf(index),
  }));
  const [{ hash } = { hash: '' }] = await db.query<{ hash: string }>(`select extensions.crypt($1, extensions.gen_salt('bf', 4)) as hash`, [
    LOAD_USER_PASSWORD,
  ]);
  await db.query(
    `insert into auth.users (id, email, encrypted_password, email_confirmed_at)
     select id, email, $3, now() from unnest($1::uuid[], $2::text[]) as u(id, email)
     on conflict (id) do update set email = excluded.email, encrypted_password = excluded.encrypted_password`,
    [users.map((u) => u.id), users.map((u) => u.email), hash],
  );
  await db.query(
    `insert into public.agency_members (agency_id, user_id, role)
     select $1, id, role::public.agency_role from unnest($2::uuid[], $3::text[]) as m(id, role)
     on conflict (agency_id, user_id) do update set role = excluded.role`,
    [agencyId, users.map((u) => u.id), users.map((u) => u.role)],
  );
  return users;
}

/**
 * The sign-in request a user's browser sends, as it reaches the app through one proxy (the
 * platform's edge, TRUSTED_PROXY_COUNT=1) that appends the user's address. Each user gets an
 * address of their own from 198.18.0.0/15, the range set aside for benchmarks (RFC 2544): only a
 * header value, nothing is sent there. From one address, 500 sign-ins would meet the per-address
 * limit of sign-in (10 a minute), which is working as intended.
 */
export function signInRequest(baseUrl: string, user: LoadUser, index: number): Request {
  return new Request(new URL('/api/auth/sign-in', baseUrl), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-forwarded-for': `198.18.${(index >> 8) & 255}.${index & 255}`,
    },
    body: JSON.stringify({ email: user.email, password: LOAD_USER_PASSWORD }),
  });
}

/** The Cookie header a browser sends after that sign-in (the session cookie), or an error naming the user. */
export async function sessionCookieOf(response: Response, user: LoadUser): Promise<string> {
  if (response.status !== 200) throw new Error(`sign-in of ${user.email} answered ${response.status}: ${await response.text()}`);
  await response.arrayBuffer();
  const session = response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0]!)
    .find((pair) => pair.startsWith('cs-session='));
  if (!session) throw new Error(`sign-in of ${user.email} set no session cookie`);
  return session;
}

/**
 * Signs every user in through `send` (the route in process, or fetch to a server), a few at a
 * time; returns their Cookie headers in the users' order.
 */
export async function signInAll(
  users: LoadUser[],
  baseUrl: string,
  send: (request: Request) => Promise<Response>,
  concurrency = 4,
): Promise<string[]> {
  const cookies: string[] = new Array(users.length);
  let next = 0;
  const worker = async () => {
    while (next < users.length) {
      const index = next++;
      const user = users[index]!;
      cookies[index] = await sessionCookieOf(await send(signInRequest(baseUrl, user, index)), user);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, users.length) }, worker));
  return cookies;
}
