/**
 * The browser SDK, started on import (only ./client-reporting.ts imports it, and only when the
 * page carries the DSN). Reports go to the app's own /api/monitoring, which scrubs them again and
 * passes them on (./tunnel.ts). No tracing, no session replay, no release-health sessions (one
 * request per page view for a number we do not use), no console or click breadcrumbs (a click's
 * breadcrumb names the element, and an element's label can be a customer's name).
 */
import * as Sentry from '@sentry/nextjs';
import type { ErrorEvent } from '@sentry/nextjs';
import { pageReportingTags, readReportingSettings } from './page-tags';
import { sharedOptions } from './options';
import { scrubEvent } from './scrub';

export const TUNNEL_PATH = '/api/monitoring';
const DROPPED_INTEGRATIONS = new Set(['BrowserTracing', 'BrowserSession', 'Console', 'Breadcrumbs', 'Replay', 'ReplayCanvas', 'Feedback']);

function withPageTags(event: ErrorEvent): ErrorEvent {
  const tags = pageReportingTags();
  return { ...event, tags: { ...event.tags, ...tags }, ...(tags.route && { transaction: tags.route }) };
}

const settings = readReportingSettings();
if (settings) {
  Sentry.init({
    ...sharedOptions(settings),
    tunnel: TUNNEL_PATH,
    integrations: (defaults) => [
      ...defaults.filter((integration) => !DROPPED_INTEGRATIONS.has(integration.name)),
      Sentry.breadcrumbsIntegration({ dom: false }),
    ],
    beforeSend: (event) => scrubEvent(withPageTags(event)),
  });
}

export function captureClientError(error: unknown): void {
  Sentry.captureException(error, { mechanism: { type: 'auto.function.nextjs.error_page', handled: false } });
}
