/**
 * Runs in the browser before the page hydrates (Next's client instrumentation). Error reporting
 * starts only when the page says SENTRY_DSN is set; otherwise the SDK is never downloaded.
 */
import { startBrowserReporting } from '@/lib/observability/sentry/client-reporting';

startBrowserReporting();
