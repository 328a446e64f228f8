'use client';

import { useEffect } from 'react';
import { ErrorNotice } from '@/components/layout/ErrorNotice';
import { reportClientError } from '@/lib/observability/sentry/client-reporting';
import './globals.css';

/**
 * The last resort, when the root layout itself fails: it replaces the layout, so it brings its
 * own html and body (Next's contract). Reported like the error page's failures.
 */
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => reportClientError(error), [error]);
  return (
    <html lang="en">
      <body className="min-h-screen">
        <ErrorNotice what="The app" digest={error.digest} reset={reset} />
      </body>
    </html>
  );
}
