/**
 * What the browser's error reports say about the page, read from the meta tags the server
 * renders (src/components/layout/ErrorReportingMeta.tsx) and the route the page is on. No SDK
 * here: the page imports this whether or not reporting is on.
 */
import type { ReportingSettings } from './options';

export const meta = (name: string) => document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content || undefined;

export function readReportingSettings(): ReportingSettings | null {
  const dsn = meta('sentry-dsn');
  if (!dsn) return null;
  return { dsn, release: meta('sentry-release') ?? 'unknown', environment: meta('sentry-environment') ?? 'production' };
}

// The page's route pattern (set by src/components/layout/ReportedRoute.tsx on every navigation),
// and the last request id and agency seen: the global error page replaces the document's head.
let route: string | undefined;
let requestId: string | undefined;
let agency: string | undefined;

export function setReportedRoute(pattern: string): void {
  route = pattern;
}

/** The tags every browser report carries, as the server's do: route pattern, the page load's request id, the agency's hash. */
export function pageReportingTags(): Record<string, string> {
  requestId = meta('sentry-request-id') ?? requestId;
  agency = meta('sentry-agency') ?? agency;
  return { ...(route && { route }), ...(requestId && { request_id: requestId }), ...(agency && { agency }) };
}
