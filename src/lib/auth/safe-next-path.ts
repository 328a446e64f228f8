/** Where to go after sign-in: only a path on this site, never another origin ("//evil.test"). */
export function safeNextPath(value: string | null | undefined, fallback = '/analytics/segmentation'): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  return value;
}
