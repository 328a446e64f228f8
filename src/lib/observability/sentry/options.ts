import type { Breadcrumb, ErrorEvent, Event } from '@sentry/nextjs';
import { scrubBreadcrumb, scrubEvent } from './scrub';

/** Where reports go and how they are labelled: from config (server) or the page's meta tags (browser). */
export interface ReportingSettings {
  dsn: string;
  environment: string;
  release: string;
}

/**
 * What the server, edge and browser SDKs share: no personal data collected by the SDK itself, no
 * tracing (tracesSampleRate left unset), few breadcrumbs, and every event and breadcrumb through
 * the scrubber as the last step before it is queued.
 */
export function sharedOptions(settings: ReportingSettings) {
  return {
    dsn: settings.dsn,
    environment: settings.environment,
    release: settings.release,
    sendDefaultPii: false,
    maxBreadcrumbs: 30,
    beforeSend: (event: ErrorEvent) => scrubEvent(event),
    // No tracing is configured; should it ever be, transactions go through the same scrubber.
    beforeSendTransaction: <T extends Event>(event: T) => scrubEvent(event),
    beforeBreadcrumb: (breadcrumb: Breadcrumb) => scrubBreadcrumb(breadcrumb),
  };
}
