/**
 * The edge SDK, for completeness: no route runs on the edge runtime today (in Next 16 the proxy
 * runs on Node), so this starts only if one is added. Same options as the server, the SDK's own
 * fetch transport (the edge runtime has no logger of ours to warn through).
 */
import * as Sentry from '@sentry/nextjs';
import { sharedOptions } from './options';

export function startEdgeReporting(): void {
  const dsn = process.env.SENTRY_DSN;
  if (!dsn) return;
  const release = process.env.SENTRY_RELEASE ?? process.env.APP_COMMIT?.slice(0, 12) ?? process.env.APP_VERSION ?? 'unknown';
  Sentry.init(sharedOptions({ dsn, environment: process.env.SENTRY_ENVIRONMENT ?? process.env.NODE_ENV ?? 'production', release }));
}

export const captureRequestError = Sentry.captureRequestError;
