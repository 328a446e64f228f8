const SAME_SITE = 'http://same-site.invalid';

/**
 * Where to go after sign-in: only a path on this site. The check runs on the path as a browser
 * will see it, after dot segments are resolved: "/.//evil.test" resolves to "//evil.test", which
 * a browser reads as another host. Anything a browser could resolve to another origin
 * ("//evil.test", "/\evil.test", "/\t/evil.test", "/%2e//evil.test", a full URL) falls back.
 */
export function safeNextPath(value: string | null | undefined, fallback = '/analytics/segmentation'): string {
  // Browsers drop tabs and newlines from URLs and read backslashes as slashes: refuse them.
  if (!value || !value.startsWith('/') || /[\u0000-\u001f\u007f\\]/.test(value)) return fallback;
  let resolved: URL;
  try {
    resolved = new URL(value, SAME_SITE);
  } catch {
    return fallback;
  }
  if (resolved.origin !== SAME_SITE) return fallback;
  const path = `${resolved.pathname}${resolved.search}${resolved.hash}`;
  // Resolved, the path must still be one a browser keeps on this host: one leading slash only.
  return path.startsWith('/') && !path.startsWith('//') ? path : fallback;
}
