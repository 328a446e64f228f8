import { randomUUID } from 'node:crypto';
import { config } from '@/lib/config';
import { forbidden } from './problem';
import { requestOrigin } from './security-headers';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{8,100}$/;

/** Keeps an upstream X-Request-Id (Railway's edge) when it is well-formed, else makes one. */
export function requestIdFor(request: Request): string {
  const inbound = request.headers.get('x-request-id');
  return inbound && SAFE_REQUEST_ID.test(inbound) ? inbound : randomUUID();
}

/**
 * The client's address for per-IP limits. Each trusted proxy in front of the app (Railway's
 * edge: TRUSTED_PROXY_COUNT=1) appends the address it saw to X-Forwarded-For, so the entry that
 * many places from the right is the one no client can forge; entries left of it are whatever
 * the client sent. Next itself only fills the header when it is absent, so without a proxy a
 * client could choose its own address: the per-email limit still holds then.
 */
export function clientIp(request: Request, trustedProxyCount = config().trustedProxyCount): string {
  const entries = (request.headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  return entries[entries.length - Math.max(1, trustedProxyCount)] ?? entries[0] ?? 'unknown';
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
