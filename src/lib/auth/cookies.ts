/** The app's cookies and their options, shared by route handlers, server components and the proxy. */
export const SESSION_COOKIE = 'cs-session';
/** The agency the user last switched to; always re-checked against membership. */
export const AGENCY_COOKIE = 'cs-agency';

export interface CookieOptions {
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: 'lax' | 'strict' | 'none' | boolean;
  path?: string;
  maxAge?: number;
  expires?: Date;
  domain?: string;
}

export interface CookieToSet {
  name: string;
  value: string;
  options: CookieOptions;
}

/** Reads the request's cookies and collects the ones to set on the response. */
export interface CookieJar {
  getAll(): { name: string; value: string }[];
  setAll(cookies: CookieToSet[]): void;
  /** Whether cookies set through this jar travel only over HTTPS (the request came over HTTPS). */
  secure: boolean;
}

export function parseCookieHeader(header: string | null): { name: string; value: string }[] {
  if (!header) return [];
  return header.split(';').flatMap((rawPart) => {
    const part = rawPart.trim();
    const index = part.indexOf('=');
    if (index < 1) return [];
    const name = part.slice(0, index).trim();
    const raw = part.slice(index + 1).trim();
    try {
      return [{ name, value: decodeURIComponent(raw) }];
    } catch {
      return [{ name, value: raw }];
    }
  });
}

export function serializeCookie({ name, value, options }: CookieToSet): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, `Path=${options.path ?? '/'}`];
  if (options.maxAge !== undefined) parts.push(`Max-Age=${Math.floor(options.maxAge)}`);
  if (options.expires) parts.push(`Expires=${options.expires.toUTCString()}`);
  if (options.domain) parts.push(`Domain=${options.domain}`);
  if (options.httpOnly) parts.push('HttpOnly');
  if (options.secure) parts.push('Secure');
  const sameSite = options.sameSite === true ? 'strict' : options.sameSite;
  if (sameSite) parts.push(`SameSite=${sameSite[0]!.toUpperCase()}${sameSite.slice(1)}`);
  return parts.join('; ');
}

export function sessionCookieOptions(secure: boolean, maxAgeSeconds: number): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: maxAgeSeconds };
}
