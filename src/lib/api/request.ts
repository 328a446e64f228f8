import { randomUUID } from 'node:crypto';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{8,100}$/;

/** Keeps an upstream X-Request-Id (Railway's edge) when it is well-formed, else makes one. */
export function requestIdFor(request: Request): string {
  const inbound = request.headers.get('x-request-id');
  return inbound && SAFE_REQUEST_ID.test(inbound) ? inbound : randomUUID();
}

/**
 * The client's address. Railway's proxy (and Next itself, when reached directly) appends the
 * peer address to X-Forwarded-For, so the last entry is the one no client can forge.
 */
export function clientIp(request: Request): string {
  const forwarded = request.headers.get('x-forwarded-for');
  const last = forwarded
    ?.split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .pop();
  return last ?? request.headers.get('x-real-ip') ?? 'unknown';
}

/** Query string as an object: a repeated key becomes an array, so schemas see what was sent. */
export function queryObject(url: URL): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    result[key] = values.length === 1 ? values[0]! : values;
  }
  return result;
}
