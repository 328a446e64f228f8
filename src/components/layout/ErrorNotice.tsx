/** What the error pages say (src/app/error.tsx, src/app/global-error.tsx); the digest of a server failure lets support find the log line. */
export function ErrorNotice({ what, digest, reset }: { what: string; digest?: string; reset: () => void }) {
  return (
    <main className="mx-auto max-w-md px-4 py-16 text-center">
      <h1 className="text-2xl font-bold">Something went wrong</h1>
      <p className="mt-2 text-slate-700">
        {what} could not be loaded. Try again; if it keeps failing, contact support{digest ? ` and quote ${digest}` : ''}.
      </p>
      <button type="button" onClick={reset} className="mt-6 min-h-11 rounded-lg bg-brand-600 px-4 font-semibold text-white">
        Try again
      </button>
    </main>
  );
}
