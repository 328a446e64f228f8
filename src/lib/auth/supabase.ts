import { createServerClient } from '@supabase/ssr';
import WebSocket from 'ws';
import type { CookieJar } from './cookies';

/**
 * supabase-js builds a Realtime client even when, like here, it is never used, and on Node 20
 * (no global WebSocket) that constructor throws. Handing it `ws` keeps Supabase mode working on
 * Node 20; no socket is ever opened.
 */
const realtime = { transport: WebSocket as never };

/**
 * A fresh Supabase server client per request (never shared between users), reading and
 * writing the auth cookies through the given jar.
 */
export function createSupabaseServerClient(settings: { url: string; key: string }, jar: CookieJar) {
  return createServerClient(settings.url, settings.key, {
    realtime,
    // @supabase/ssr's defaults leave Secure off: cookies are Secure whenever the request came over HTTPS.
    cookieOptions: { secure: jar.secure, sameSite: 'lax', httpOnly: true },
    cookies: {
      getAll: () => jar.getAll(),
      setAll: (cookies) => jar.setAll(cookies.map(({ name, value, options }) => ({ name, value, options: options as never }))),
    },
  });
}
