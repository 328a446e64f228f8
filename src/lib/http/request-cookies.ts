/** Cookies on a fetch Request and Response, for route handlers (server components use next/headers). */
import { parseCookieHeader, serializeCookie, type CookieJar, type CookieToSet } from '@/lib/auth/cookies';
import { isHttpsRequest } from './forwarded';

/** A jar over a fetch Request: reads its Cookie header, remembers what to set. */
export function requestCookieJar(request: Request) {
  const pending: CookieToSet[] = [];
  const jar: CookieJar & { pending: CookieToSet[] } = {
    pending,
    getAll: () => parseCookieHeader(request.headers.get('cookie')),
    setAll: (cookies) => pending.push(...cookies),
    secure: isHttpsRequest(request),
  };
  return jar;
}

export function applyCookies(response: Response, cookies: CookieToSet[]): Response {
  for (const cookie of cookies) response.headers.append('set-cookie', serializeCookie(cookie));
  return response;
}
