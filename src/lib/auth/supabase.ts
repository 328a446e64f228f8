import { createServerClient } from '@supabase/ssr';
import type { CookieJar } from './cookies';

/**
 * A fresh Supabase server client per request (never shared between users), reading and
 * writing the auth cookies through the given jar.
 */
export function createSupabaseServerClient(settings: { url: string; key: string }, jar: CookieJar) {
  return createServerClient(settings.url, settings.key, {
    cookies: {
      getAll: () => jar.getAll(),
      setAll: (cookies) => jar.setAll(cookies.map(({ name, value, options }) => ({ name, value, options: options as never }))),
    },
  });
}
