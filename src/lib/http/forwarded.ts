import { config } from '@/lib/config';

/**
 * What the proxies in front of the app (Railway's edge: TRUSTED_PROXY_COUNT=1) say about the
 * browser's request: its address, scheme and host. Each proxy appends what it saw to the
 * X-Forwarded-* headers (or sets them), so the entry that many places from the right is the one
 * no client can forge; entries left of it are whatever the client sent. With no trusted proxy
 * the headers are ignored and the connection itself is the truth.
 */
function trustedEntry(request: Request, header: string, trustedProxyCount: number): string | null {
  if (trustedProxyCount < 1) return null;
  const entries = (request.headers.get(header) ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  return entries[entries.length - trustedProxyCount] ?? entries[0] ?? null;
}

/**
 * The client's address for per-IP limits. Next itself only fills X-Forwarded-For when it is
 * absent, so without a proxy a client could choose its own address: the per-email limit still
 * holds then.
 */
export function clientIp(request: Request, trustedProxyCount = config().trustedProxyCount): string {
  return trustedEntry(request, 'x-forwarded-for', Math.max(1, trustedProxyCount)) ?? 'unknown';
}

/** Whether the browser reached us over HTTPS: directly, or through the edge that terminates TLS. */
export function isHttpsRequest(request: Request, trustedProxyCount = config().trustedProxyCount): boolean {
  const forwarded = trustedEntry(request, 'x-forwarded-proto', trustedProxyCount)?.toLowerCase();
  if (forwarded) return forwarded === 'https';
  return new URL(request.url).protocol === 'https:';
}

/** The origin the browser sees this app at — scheme, host and port — as its Origin header states it. */
export function requestOrigin(request: Request, trustedProxyCount = config().trustedProxyCount): string {
  const url = new URL(request.url);
  const host = trustedEntry(request, 'x-forwarded-host', trustedProxyCount) || request.headers.get('host') || url.host;
  const stated = `${isHttpsRequest(request, trustedProxyCount) ? 'https' : 'http'}://${host}`;
  try {
    // Normalized as browsers write Origin: lower case, default ports dropped.
    return new URL(stated).origin;
  } catch {
    return stated.toLowerCase();
  }
}
