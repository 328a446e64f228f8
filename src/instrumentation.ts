import type { Instrumentation } from 'next';

/**
 * On server start (Node runtime): error reporting first when SENTRY_DSN is set (so start-up
 * failures are reported too), then the settings are checked, the database opened (an embedded
 * first start migrates and seeds before the first visitor) and the daily refresh's scheduler
 * started. Without SENTRY_DSN the Sentry SDK is never imported, on any runtime.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'edge') {
    if (process.env.SENTRY_DSN) (await import('@/lib/observability/sentry/edge')).startEdgeReporting();
    return;
  }
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startErrorReporting } = await import('@/lib/observability/error-reporting');
  await startErrorReporting();
  const { startServer } = await import('@/lib/startup/first-start');
  await startServer();
}

/**
 * A page, layout, route handler or server action that threw. API routes never get here (their
 * wrapper answers every error itself, and its error mapper reports the 500s).
 */
export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  if (process.env.NEXT_RUNTIME === 'edge') {
    if (process.env.SENTRY_DSN) (await import('@/lib/observability/sentry/edge')).captureRequestError(error, request, context);
    return;
  }
  const { reportRequestError } = await import('@/lib/observability/error-reporting');
  await reportRequestError(error, request, context);
};
