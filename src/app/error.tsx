'use client';

import { useEffect } from 'react';
import { ErrorNotice } from '@/components/layout/ErrorNotice';
import { reportClientError } from '@/lib/observability/sentry/client-reporting';

/**
 * Shown when a page fails; the digest of a failure on the server lets support find the log line
 * (and the server's error report). A failure in the browser is reported from here.
 */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => reportClientError(error), [error]);
  return <ErrorNotice what="The page" digest={error.digest} reset={reset} />;
}
