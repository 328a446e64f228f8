import { headers } from 'next/headers';
import { config } from '@/lib/config';
import { hashAgencyId } from '@/lib/observability/error-reporting';
import { ReportedRoute } from './ReportedRoute';

/**
 * What the browser's error reporting needs, as meta tags React places in the head, rendered only
 * when SENTRY_DSN is set: without them src/instrumentation-client.ts loads nothing. The DSN is
 * public by design (it only lets one send reports); the request id is the page load's, the same
 * as its X-Request-Id and the server's report of a failure in it.
 */
export async function ErrorReportingMeta() {
  const reporting = config().sentry;
  if (!reporting) return null;
  const requestId = (await headers()).get('x-request-id');
  return (
    <>
      <meta name="sentry-dsn" content={reporting.dsn} />
      <meta name="sentry-release" content={reporting.release} />
      <meta name="sentry-environment" content={reporting.environment} />
      {requestId && <meta name="sentry-request-id" content={requestId} />}
      <ReportedRoute />
    </>
  );
}

/** The agency the signed-in pages show, as reports name it (a hash, never the id). */
export function ErrorReportingAgency({ agencyId }: { agencyId: string }) {
  return config().sentry ? <meta name="sentry-agency" content={hashAgencyId(agencyId)} /> : null;
}
