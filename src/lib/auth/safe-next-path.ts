const SAME_SITE = 'http://same-site.invalid';

/**
 * Where to go after sign-in: only a path on this site. Anything a browser could resolve to
 * another origin ("//evil.test", "/\evil.test", "/\t/evil.test", a full URL) falls back.
 */
export function safeNextPath(value: string | null | undefined, fallback = '/analytics/segmentation'): string {
  // Browsers drop tabs and newlines from URLs and read backslashes as slashes: refuse them.
  if (!value || !value.startsWith('/') || /[\u0000-\u001f\\]/.test(value)) return fallback;
  const resolved = new URL(value, SAME_SITE);
  return resolved.origin === SAME_SITE ? `${resolved.pathname}${resolved.search}${resolved.hash}` : fallback;
}
