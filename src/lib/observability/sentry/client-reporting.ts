/**
 * The browser's side of error reporting, without the SDK: the SDK (./browser.ts) is imported
 * only when the page carries the `sentry-dsn` meta tag, which the server renders only when
 * SENTRY_DSN is set (src/components/layout/ErrorReportingMeta.tsx). Without it nothing is
 * fetched, nothing is sent, and the page's JavaScript is what it was.
 *
 * The trade-off of loading the SDK after the page's own code: an error thrown before its chunk
 * has arrived (the first few hundred milliseconds) is not reported.
 */
import { meta } from './page-tags';

let loading: Promise<typeof import('./browser')> | undefined;

function loadBrowserReporting(): Promise<typeof import('./browser')> | undefined {
  if (!loading && meta('sentry-dsn')) loading = import('./browser');
  return loading;
}

/** From src/instrumentation-client.ts, before the page hydrates; the meta tags may still be on their way. */
export function startBrowserReporting(): void {
  if (meta('sentry-dsn') || document.readyState !== 'loading') void loadBrowserReporting();
  else document.addEventListener('DOMContentLoaded', () => void loadBrowserReporting(), { once: true });
}

/**
 * An error an error page caught (React hands those to the error boundary, not to the window's
 * error handler). One with a digest was thrown on the server, which reported it itself with the
 * real message; the browser only has a placeholder of it.
 */
export function reportClientError(error: Error & { digest?: string }): void {
  if (error.digest) return;
  loadBrowserReporting()
    ?.then((browser) => browser.captureClientError(error))
    .catch(() => {
      // The reporting chunk did not load (offline): nothing to do.
    });
}
