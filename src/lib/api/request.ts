import { randomUUID } from 'node:crypto';
import { forbidden } from './problem';
import { requestOrigin } from '@/lib/http/forwarded';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{8,100}$/;

/** Keeps an upstream X-Request-Id (Railway's edge) when it is well-formed, else makes one. */
export function requestIdFor(request: Request): string {
  const inbound = request.headers.get('x-request-id');
  return inbound && SAFE_REQUEST_ID.test(inbound) ? inbound : randomUUID();
}

/**
 * A state-changing request must come from our own pages. Cookies are SameSite=Lax already; this
 * is the second lock, and the only one for sign-in (login CSRF). A missing Origin is allowed
 * (same-origin GETs, non-browser clients); an unparsable one ("null") is not. The whole origin
 * is compared — scheme, host and port — so an http:// page cannot post to the https:// app.
 */
export function assertSameOrigin(request: Request) {
  if (request.method === 'GET' || request.method === 'HEAD') return;
  const fetchSite = request.headers.get('sec-fetch-site');
  if (fetchSite && fetchSite !== 'same-origin' && fetchSite !== 'none') throw crossSite();
  const origin = request.headers.get('origin');
  if (!origin) return;
  let stated: string;
  try {
    stated = new URL(origin).origin;
  } catch {
    throw crossSite();
  }
  if (stated === 'null' || stated.toLowerCase() !== requestOrigin(request)) throw crossSite();
}

const crossSite = () => forbidden('Cross-site requests are not accepted.');

/** Query string as an object: a repeated key becomes an array, so schemas see what was sent. */
export function queryObject(url: URL): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    result[key] = values.length === 1 ? values[0]! : values;
  }
  return result;
}
