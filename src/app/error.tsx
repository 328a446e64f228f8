'use client';

/** Shown when a page fails on the server; the digest lets support find the log line. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto max-w-md px-4 py-16 text-center">
      <h1 className="text-2xl font-bold">Something went wrong</h1>
      <p className="mt-2 text-slate-700">
        The page could not be loaded. Try again; if it keeps failing, contact support{error.digest ? ` and quote ${error.digest}` : ''}.
      </p>
      <button type="button" onClick={reset} className="mt-6 min-h-11 rounded-lg bg-brand-600 px-4 font-semibold text-white">
        Try again
      </button>
    </main>
  );
}
