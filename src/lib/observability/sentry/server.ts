/**
 * The Node SDK, loaded only when SENTRY_DSN is set (src/lib/observability/error-reporting.ts
 * imports this module on demand): without a DSN no OpenTelemetry hook, HTTP instrumentation or
 * socket of the SDK exists in the process.
 */
import * as Sentry from '@sentry/nextjs';
import type { ReportingSettings } from './options';
import { sharedOptions } from './options';
import { boundedTransport } from './transport';

/**
 * Console lines as breadcrumbs could carry what the logger redacts (the logs have them anyway).
 * Dedupe drops an event equal to the one before it: on a server those are two requests failing
 * alike, and support looks each one up by its request id.
 */
const DROPPED_INTEGRATIONS = new Set(['Console', 'Dedupe']);

export function startServerReporting(settings: ReportingSettings): void {
  Sentry.init({
    ...sharedOptions(settings),
    transport: boundedTransport,
    includeLocalVariables: false,
    shutdownTimeout: 2000,
    integrations: (defaults) => defaults.filter((integration) => !DROPPED_INTEGRATIONS.has(integration.name)),
  });
}

export interface ServerErrorContext {
  tags: Record<string, string>;
  userId?: string;
  /** The request as the SDK's own request data would describe it; the scrubber keeps only what is safe. */
  request?: { method: string; url: string; headers: Record<string, string> };
}

/** One report, with this request's tags, queued and not awaited. */
export function captureServerError(error: unknown, context: ServerErrorContext): void {
  Sentry.withScope((scope) => {
    scope.setTags(context.tags);
    if (context.userId) scope.setUser({ id: context.userId });
    if (context.request) scope.setSDKProcessingMetadata({ normalizedRequest: context.request });
    Sentry.captureException(error, { mechanism: { type: 'auto.http.customer_segmentation.route', handled: false } });
  });
}

export type RenderRequest = Parameters<typeof Sentry.captureRequestError>[1];
export type RenderRoute = Parameters<typeof Sentry.captureRequestError>[2];

/** A page, layout or server action that threw (Next's onRequestError), through the SDK's own capture, with the same tags. */
export function captureRenderError(error: unknown, context: ServerErrorContext, request: RenderRequest, route: RenderRoute): void {
  Sentry.withScope((scope) => {
    scope.setTags(context.tags);
    if (context.userId) scope.setUser({ id: context.userId });
    Sentry.captureRequestError(error, request, route);
  });
}
