import { randomBytes } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { config } from '@/lib/config';
import type { AuthClaims } from '@/lib/db';
import { readOrCreateDataDirSecret } from '@/lib/secrets/data-dir-secret';

/**
 * Embedded sessions (no Supabase keys): a signed token in an httpOnly cookie whose claims have
 * the shape of a Supabase access token, so everything downstream is the same in both modes.
 * The token names its server-side session (`session_id`, a row of auth.sessions, as Supabase's
 * do); session-store.ts checks that row on every request, so signing out revokes the token.
 * No database access here: the proxy uses this module to renew sessions.
 */
export const SESSION_TTL_SECONDS = 8 * 60 * 60;
/** However active the user, a session is renewed for at most this long after the password was given. */
export const MAX_SESSION_AGE_SECONDS = 7 * 24 * 60 * 60;
const ISSUER = 'customer-segmentation';
const AUDIENCE = 'authenticated';

let cachedSecret: Uint8Array | undefined;

/** SESSION_SECRET, or in embedded mode one generated once into the data folder. */
export function sessionSecret(): Uint8Array {
  if (cachedSecret) return cachedSecret;
  const settings = config();
  let secret = settings.sessionSecret;
  if (!secret) {
    if (settings.production && settings.databaseUrl) {
      throw new Error('SESSION_SECRET is required in production when Supabase Auth is not configured.');
    }
    secret = readOrCreateDataDirSecret(settings.dataDir, 'session-secret', () => randomBytes(48).toString('base64url'));
  }
  cachedSecret = new TextEncoder().encode(secret);
  return cachedSecret;
}

export interface SessionTokenSubject {
  userId: string;
  email: string;
  /** The server-side session (auth.sessions) this token belongs to; revoking it ends the token. */
  sessionId: string;
  /** When the password was checked (seconds); renewals keep it, so a session cannot live forever. */
  authTime: number;
}

export async function issueSessionToken(subject: SessionTokenSubject): Promise<string> {
  return new SignJWT({
    email: subject.email,
    auth_time: subject.authTime,
    role: 'authenticated',
    session_id: subject.sessionId,
    app_metadata: { provider: 'email' },
    user_metadata: {},
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(subject.userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${SESSION_TTL_SECONDS}s`)
    .sign(sessionSecret());
}

/** The verified claims, or null for a missing, forged or expired token. */
export async function verifySessionToken(token: string | undefined): Promise<(AuthClaims & { exp: number }) | null> {
  if (!token) return null;
  try {
    const { payload } = await jwtVerify(token, sessionSecret(), { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
    if (typeof payload.sub !== 'string' || payload.role !== 'authenticated' || typeof payload.exp !== 'number') return null;
    return payload as AuthClaims & { exp: number };
  } catch {
    return null;
  }
}

/**
 * Embedded sessions slide: past half their life, the proxy reissues the token so an active
 * user is not signed out mid-work. Returns the new token, or null when none is due.
 */
export async function renewSessionToken(token: string | undefined): Promise<string | null> {
  const claims = await verifySessionToken(token);
  if (!claims) return null;
  const now = Date.now() / 1000;
  if (claims.exp - now > SESSION_TTL_SECONDS / 2) return null;
  const authTime = typeof claims.auth_time === 'number' ? claims.auth_time : 0;
  if (now - authTime > MAX_SESSION_AGE_SECONDS) return null;
  // The same server-side session: a revoked one stays revoked whatever the cookie says.
  return issueSessionToken({ userId: claims.sub, email: String(claims.email ?? ''), sessionId: String(claims.session_id), authTime });
}
