import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { jwtVerify, SignJWT } from 'jose';

/**
 * A stand-in for Supabase Auth's servers (the one part of the stack that cannot run here),
 * speaking the three endpoints @supabase/ssr uses on the server: password grant, user lookup
 * (getClaims() verifies HS256 tokens with it) and logout. Real HTTP on loopback.
 */
export interface FakeUser {
  id: string;
  email: string;
  password: string;
}

const SECRET = new TextEncoder().encode('fake-supabase-jwt-secret-for-tests-only');

/**
 * Supabase Auth keeps its sessions in the project's own database (auth.sessions): the fake does
 * the same through these hooks, so the app's server-side session check sees what it would see.
 */
export interface FakeSessionStore {
  created(session: { id: string; userId: string }): Promise<void>;
  ended(session: { id: string; userId: string }, scope: 'local' | 'global' | 'others'): Promise<void>;
}

export async function startFakeSupabaseAuth(users: FakeUser[], sessions: FakeSessionStore) {
  const calls: string[] = [];
  let logoutFails = false;
  const userJson = (user: FakeUser) => ({
    id: user.id,
    aud: 'authenticated',
    role: 'authenticated',
    email: user.email,
    app_metadata: { provider: 'email' },
    user_metadata: {},
  });
  const send = (res: http.ServerResponse, status: number, body?: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body === undefined ? '' : JSON.stringify(body));
  };

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    calls.push(`${req.method} ${url.pathname}`);
    let raw = '';
    for await (const chunk of req) raw += chunk;

    if (req.method === 'POST' && url.pathname === '/auth/v1/token' && url.searchParams.get('grant_type') === 'password') {
      const { email, password } = JSON.parse(raw) as { email: string; password: string };
      const user = users.find((u) => u.email === email && u.password === password);
      if (!user) return send(res, 400, { code: 400, error_code: 'invalid_credentials', msg: 'Invalid login credentials' });
      const expiresAt = Math.floor(Date.now() / 1000) + 3600;
      const sessionId = crypto.randomUUID();
      await sessions.created({ id: sessionId, userId: user.id });
      const accessToken = await new SignJWT({ email: user.email, role: 'authenticated', session_id: sessionId })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(user.id)
        .setAudience('authenticated')
        .setIssuedAt()
        .setExpirationTime(expiresAt)
        .sign(SECRET);
      return send(res, 200, {
        access_token: accessToken,
        token_type: 'bearer',
        expires_in: 3600,
        expires_at: expiresAt,
        refresh_token: `refresh-${user.id}`,
        user: userJson(user),
      });
    }
    if (req.method === 'GET' && url.pathname === '/auth/v1/user') {
      const token = req.headers.authorization?.replace(/^Bearer /, '');
      try {
        const { payload } = await jwtVerify(token ?? '', SECRET);
        const user = users.find((u) => u.id === payload.sub);
        return user ? send(res, 200, userJson(user)) : send(res, 404, { msg: 'User not found' });
      } catch {
        return send(res, 401, { code: 401, error_code: 'bad_jwt', msg: 'invalid JWT' });
      }
    }
    if (req.method === 'POST' && url.pathname === '/auth/v1/logout') {
      if (logoutFails) return send(res, 500, { code: 500, error_code: 'unexpected_failure', msg: 'Internal server error' });
      const token = req.headers.authorization?.replace(/^Bearer /, '');
      try {
        const { payload } = await jwtVerify(token ?? '', SECRET);
        const scope = (url.searchParams.get('scope') ?? 'global') as 'local' | 'global' | 'others';
        await sessions.ended({ id: String(payload.session_id), userId: String(payload.sub) }, scope);
      } catch {
        return send(res, 401, { code: 401, error_code: 'bad_jwt', msg: 'invalid JWT' });
      }
      return send(res, 204);
    }
    return send(res, 404, { msg: `fake auth has no ${req.method} ${url.pathname}` });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    /** Makes the logout endpoint fail (an outage of Supabase Auth) until set back. */
    failLogout(fail: boolean) {
      logoutFails = fail;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
