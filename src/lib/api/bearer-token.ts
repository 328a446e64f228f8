import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether the request carries `Authorization: Bearer <expected>`. Compared in constant time (as
 * digests, so the length of the secret leaks neither); an unset secret lets nobody in.
 */
export function hasBearerToken(request: Request, expected: string | undefined): boolean {
  const given = /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1] ?? '';
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return Boolean(expected) && timingSafeEqual(digest(given), digest(expected!));
}
